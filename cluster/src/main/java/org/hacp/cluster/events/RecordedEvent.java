package org.hacp.cluster.events;

import java.util.Map;
import org.hacp.cluster.Component;

/**
 * One event as read back from a log: its type, where and when it was recorded, and its fields by
 * JSON name (a {@code component} field holds a {@link Component}).
 *
 * @param monoNanos {@code System.nanoTime} of the writer: CLOCK_MONOTONIC, comparable across the
 *     processes of one machine
 */
public record RecordedEvent(
        EventType type, String process, long pid, String wallTime, long monoNanos, Map<String, Object> fields) {

    public RecordedEvent {
        fields = Map.copyOf(fields);
    }

    /** The text of {@code field}, or null when absent. */
    public String text(EventField field) {
        return text(field.jsonName());
    }

    /** The text of a field by name (harness details), or null when absent. */
    public String text(String name) {
        Object v = fields.get(name);
        return v == null ? null : v.toString();
    }

    /** The number in {@code field}, or -1 when absent. */
    public long number(EventField field) {
        return fields.get(field.jsonName()) instanceof Number n ? n.longValue() : -1;
    }

    /** The component this event is about, or null. */
    public Component component() {
        return fields.get(EventField.COMPONENT.jsonName()) instanceof Component c ? c : null;
    }

    /** The epoch this event carries, or -1. */
    public long epoch() {
        return number(EventField.EPOCH);
    }

    /** Its function in a history: a harness event's own {@code f}, else its type's. */
    public String function() {
        return type.isHarness() ? text(EventField.F) : type.function();
    }

    /** Its kind in a history: a harness event's phase, else its type's. */
    public HistoryKind kind() {
        return type.isHarness() ? HistoryKind.ofPhase(text(EventField.PHASE)) : type.kind();
    }
}
