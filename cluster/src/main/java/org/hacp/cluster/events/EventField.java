package org.hacp.cluster.events;

import org.hacp.cluster.Component;

/** A field of an event log line: its JSON name and the kind of value it holds. */
public enum EventField {
    COMPONENT("component", Value.COMPONENT),
    EPOCH("epoch", Value.NUMBER),
    SESSION("session", Value.TEXT),
    ADDRESS("address", Value.TEXT),
    ERROR("error", Value.TEXT),
    JOB("job", Value.TEXT),
    TICKS("ticks", Value.NUMBER),
    KEY("key", Value.TEXT),
    INVOKE_NANOS("invokeNanos", Value.NUMBER),
    TASK("task", Value.TEXT),
    FROM_TICK("fromTick", Value.NUMBER),
    JOB_MASTER_EPOCH("jobMasterEpoch", Value.NUMBER),
    RECEIVER("receiver", Value.TEXT),
    COMMAND("command", Value.TEXT),
    COUNT("count", Value.NUMBER),
    CHECKPOINT_EPOCH("checkpointEpoch", Value.NUMBER),
    STAY_OUT_MILLIS("stayOutMillis", Value.NUMBER),
    SUCCESSOR("successor", Value.TEXT),
    ROLE("role", Value.TEXT),
    STATE("state", Value.TEXT),
    REASON("reason", Value.TEXT),
    RECEIVED_EPOCH("receivedEpoch", Value.NUMBER),
    CURRENT_EPOCH("currentEpoch", Value.NUMBER),
    /** Events of the same kind not written since the previous one (a rate-limited type). */
    SUPPRESSED("suppressed", Value.NUMBER),
    /** Harness events: the operation (nemesis action, client call, drill kind). */
    F("f", Value.TEXT),
    /** Harness events: invoke, ok, fail, or a phase of their own (start, end). */
    PHASE("phase", Value.TEXT);

    /** The kinds of value a field holds. */
    public enum Value {
        TEXT,
        NUMBER,
        COMPONENT;

        boolean accepts(Object value) {
            return switch (this) {
                case TEXT -> value instanceof String;
                case NUMBER -> value instanceof Long || value instanceof Integer;
                case COMPONENT -> value instanceof Component;
            };
        }
    }

    private final String jsonName;
    private final Value value;

    EventField(String jsonName, Value value) {
        this.jsonName = jsonName;
        this.value = value;
    }

    public String jsonName() {
        return jsonName;
    }

    public Value value() {
        return value;
    }
}
