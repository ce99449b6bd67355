package org.hacp.cluster.events;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hacp.cluster.Component;

/**
 * The one format of an event log line, written and read here: a JSON object with the envelope
 * ({@code type}, {@code wallTime}, {@code monoNanos}, {@code process}, {@code pid}) followed by the
 * type's fields. Reading checks a line against the vocabulary and says why one does not fit.
 */
public final class EventLine {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final String TYPE = "type";
    private static final String WALL_TIME = "wallTime";
    private static final String MONO_NANOS = "monoNanos";
    private static final String PROCESS = "process";
    private static final String PID = "pid";

    private EventLine() {}

    /** What reading one line gave: an event, or why there is none. */
    public sealed interface Read {}

    /** A line that fits the vocabulary. */
    public record Readable(RecordedEvent event) implements Read {}

    /** A line that does not: torn by a kill -9, of a type this reader does not know, or with a bad field. */
    public record Unreadable(Problem problem, String detail) implements Read {}

    /** Why a line could not be read. */
    public enum Problem {
        NOT_JSON,
        UNKNOWN_TYPE,
        BAD_FIELD
    }

    /** The line of {@code event} (no line break). */
    public static String write(RecordedEvent event) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put(TYPE, event.type().wireName());
        line.put(WALL_TIME, event.wallTime());
        line.put(MONO_NANOS, event.monoNanos());
        line.put(PROCESS, event.process());
        line.put(PID, event.pid());
        event.fields().forEach((name, value) -> line.put(name, value instanceof Component c ? c.id() : value));
        try {
            return MAPPER.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("event " + event.type().wireName() + " cannot be written as JSON", e);
        }
    }

    /** Reads one line. */
    public static Read read(String line) {
        Map<String, Object> json;
        try {
            json = MAPPER.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (JsonProcessingException | RuntimeException e) {
            return new Unreadable(Problem.NOT_JSON, "not a JSON object: " + abbreviate(line));
        }
        if (json == null) {
            return new Unreadable(Problem.NOT_JSON, "not a JSON object: " + abbreviate(line));
        }
        Object typeName = json.remove(TYPE);
        EventType type = typeName instanceof String s ? EventType.ofWireName(s) : null;
        if (type == null) {
            return new Unreadable(Problem.UNKNOWN_TYPE, "unknown event type '" + typeName + "'");
        }
        Object wallTime = json.remove(WALL_TIME);
        Object mono = json.remove(MONO_NANOS);
        Object process = json.remove(PROCESS);
        Object pid = json.remove(PID);
        if (!(mono instanceof Number monoNanos)
                || !(process instanceof String processId)
                || !(pid instanceof Number p)) {
            return new Unreadable(
                    Problem.BAD_FIELD, type.wireName() + ": envelope (monoNanos, process, pid) incomplete");
        }
        for (EventField field : type.requiredFields()) {
            String problem = checkField(json, field);
            if (problem != null) {
                return new Unreadable(Problem.BAD_FIELD, type.wireName() + ": " + problem);
            }
        }
        return new Readable(new RecordedEvent(
                type, processId, p.longValue(), String.valueOf(wallTime), monoNanos.longValue(), json));
    }

    /** Checks one declared field and turns a component id into a {@link Component}; null when fine. */
    private static String checkField(Map<String, Object> json, EventField field) {
        Object value = json.get(field.jsonName());
        boolean fits = switch (field.value()) {
            case TEXT -> value instanceof String;
            case NUMBER -> value instanceof Long || value instanceof Integer;
            case COMPONENT -> value instanceof String s && isComponent(s);
        };
        if (!fits) {
            return "field '" + field.jsonName() + "' is " + (value == null ? "missing" : "not a " + field.value());
        }
        if (field.value() == EventField.Value.COMPONENT) {
            json.put(field.jsonName(), Component.ofId((String) value));
        }
        return null;
    }

    private static boolean isComponent(String id) {
        for (Component c : Component.values()) {
            if (c.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    private static String abbreviate(String line) {
        return line.length() <= 80 ? line : line.substring(0, 80) + "... (" + line.length() + " chars)";
    }
}
