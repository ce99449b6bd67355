package org.hacp.cluster.events;

import static org.hacp.cluster.events.EventField.ADDRESS;
import static org.hacp.cluster.events.EventField.CHECKPOINT_EPOCH;
import static org.hacp.cluster.events.EventField.COMMAND;
import static org.hacp.cluster.events.EventField.COMPONENT;
import static org.hacp.cluster.events.EventField.COUNT;
import static org.hacp.cluster.events.EventField.CURRENT_EPOCH;
import static org.hacp.cluster.events.EventField.EPOCH;
import static org.hacp.cluster.events.EventField.ERROR;
import static org.hacp.cluster.events.EventField.FROM_TICK;
import static org.hacp.cluster.events.EventField.INVOKE_NANOS;
import static org.hacp.cluster.events.EventField.JOB;
import static org.hacp.cluster.events.EventField.JOB_MASTER_EPOCH;
import static org.hacp.cluster.events.EventField.KEY;
import static org.hacp.cluster.events.EventField.REASON;
import static org.hacp.cluster.events.EventField.RECEIVED_EPOCH;
import static org.hacp.cluster.events.EventField.RECEIVER;
import static org.hacp.cluster.events.EventField.ROLE;
import static org.hacp.cluster.events.EventField.SESSION;
import static org.hacp.cluster.events.EventField.STATE;
import static org.hacp.cluster.events.EventField.STAY_OUT_MILLIS;
import static org.hacp.cluster.events.EventField.SUCCESSOR;
import static org.hacp.cluster.events.EventField.TASK;
import static org.hacp.cluster.events.EventField.TICKS;

import java.util.List;

/**
 * The vocabulary of event logs, shared by the writers (cluster processes, the chaos harness,
 * drills) and the readers (history, checker, reports): each type's name on the wire, its fields in
 * the order writers give them, and what it is in a history (invoke, ok, fail or info, and the
 * function it belongs to, e.g. a fencing rejection is a failed {@code accept}).
 *
 * <p>Harness types (nemesis, client, settled, drill) carry their own function and phase in the
 * fields {@code f} and {@code phase}, plus details of their own.
 */
public enum EventType {
    PROCESS_START("process-start", ROLE),
    ZK_CONNECTION("zk-connection", STATE),
    ZK_SESSION_EXPIRY_INJECTED("zk-session-expiry-injected"),
    ZK_SESSION_EXPIRY_FAILED("zk-session-expiry-failed", ERROR),
    GRANT("grant", COMPONENT, EPOCH, SESSION),
    REVOKE("revoke", COMPONENT, EPOCH),
    REVOKE_IGNORED("revoke-ignored", COMPONENT, EPOCH),
    /**
     * A leader cut off from ZooKeeper revoked because a TaskExecutor follows a later epoch, before its
     * session was LOST (issue 30); {@code currentEpoch} is the epoch followed.
     */
    SUCCESSOR_SEEN("successor-seen", COMPONENT, EPOCH, CURRENT_EPOCH),
    ENDPOINT_TERMINATED("endpoint-terminated", COMPONENT, ERROR),
    PUBLISH("publish", COMPONENT, EPOCH, ADDRESS),
    PUBLISH_FAILED("publish-failed", COMPONENT, EPOCH, ERROR),
    STEP_ASIDE("step-aside", COMPONENT, EPOCH),
    STEP_DOWN("step-down", COMPONENT, EPOCH, STAY_OUT_MILLIS, SUCCESSOR),
    RETRIEVAL("retrieval", COMPONENT, EPOCH, ADDRESS),
    /** A ResourceManager announced its new leadership to a TaskExecutor directly, ahead of retrieval (issue 16). */
    LEADER_ANNOUNCED("leader-announced", COMPONENT, EPOCH, ADDRESS),
    REGISTER("register", COMPONENT, EPOCH),
    HEARTBEAT_TIMEOUT("heartbeat-timeout", COMPONENT, EPOCH),
    ACCEPT("accept", HistoryKind.OK, "accept", COMPONENT, RECEIVER, EPOCH, COMMAND),
    /** Rate-limited per reason; {@code suppressed} counts the rejections not written since the last line. */
    FENCING_REJECTION(
            "fencing-rejection",
            HistoryKind.FAIL,
            "accept",
            COMPONENT,
            REASON,
            RECEIVED_EPOCH,
            CURRENT_EPOCH,
            EventField.SUPPRESSED),
    TASK_DEPLOYED("task-deployed", COMPONENT, EPOCH, TASK, FROM_TICK, JOB_MASTER_EPOCH),
    TASKS_CANCELLED("tasks-cancelled", COMPONENT, COUNT),
    /** A JobMaster placed a task again after it reported nothing for the task timeout. */
    TASK_SILENT("task-silent", COMPONENT, EPOCH, TASK, FROM_TICK),
    JOB_SUBMITTED("job-submitted", COMPONENT, EPOCH, JOB),
    JOB_RECOVERED("job-recovered", COMPONENT, EPOCH, JOB, TICKS, CHECKPOINT_EPOCH),
    JOB_RECORD_UNREADABLE("job-record-unreadable", COMPONENT, EPOCH, KEY, ERROR),
    JOBMASTER_STARTED("jobmaster-started", COMPONENT, EPOCH, JOB, TICKS, ADDRESS),
    JOBMASTER_PUBLISHED("jobmaster-published", COMPONENT, EPOCH, JOB, ADDRESS),
    JOB_FINISHED("job-finished", COMPONENT, EPOCH, JOB),
    STORE_WRITE("store-write", HistoryKind.OK, "write", COMPONENT, EPOCH, KEY, INVOKE_NANOS),
    CHECKPOINT_REFUSED("checkpoint-refused", HistoryKind.FAIL, "write", COMPONENT, EPOCH, JOB, ERROR),
    NEMESIS("nemesis"),
    CLIENT("client"),
    SETTLED("settled"),
    DRILL("drill");

    private final String wireName;
    private final HistoryKind kind;
    private final String function;
    private final List<EventField> fields;

    /** A fact ({@code info} in a history) whose function is its own name. */
    EventType(String wireName, EventField... fields) {
        this(wireName, HistoryKind.INFO, wireName, fields);
    }

    EventType(String wireName, HistoryKind kind, String function, EventField... fields) {
        this.wireName = wireName;
        this.kind = kind;
        this.function = function;
        this.fields = List.of(fields);
    }

    /** The {@code type} value of its log lines. */
    public String wireName() {
        return wireName;
    }

    /** The fields writers give, in order (none declared for harness types: theirs are open). */
    public List<EventField> fields() {
        return fields;
    }

    /** The fields every line of this type must carry (a harness event: its function and phase). */
    public List<EventField> requiredFields() {
        return isHarness() ? List.of(EventField.F, EventField.PHASE) : fields;
    }

    /** Whether this is a harness event, carrying its own function and phase. */
    public boolean isHarness() {
        return this == NEMESIS || this == CLIENT || this == SETTLED || this == DRILL;
    }

    /** Its kind in a history (for harness events: taken from each event's phase). */
    public HistoryKind kind() {
        return kind;
    }

    /** The history function it belongs to (for harness events: each event's own {@code f}). */
    public String function() {
        return function;
    }

    /** The type named {@code wireName}, or null if there is none (a newer or renamed writer). */
    public static EventType ofWireName(String wireName) {
        for (EventType t : values()) {
            if (t.wireName.equals(wireName)) {
                return t;
            }
        }
        return null;
    }
}
