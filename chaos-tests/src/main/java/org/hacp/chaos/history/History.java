package org.hacp.chaos.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.hacp.cluster.Component;
import org.hacp.cluster.events.EventField;
import org.hacp.cluster.events.EventLine;
import org.hacp.cluster.events.EventType;
import org.hacp.cluster.events.HistoryKind;
import org.hacp.cluster.events.RecordedEvent;

/**
 * One run's history: the nemesis's actions, the harness's client calls and every node's event log
 * merged into one sequence ordered by monotonic time (all processes run on one machine, where
 * {@code System.nanoTime} is the shared CLOCK_MONOTONIC). Each entry is Jepsen-shaped: a kind
 * (invoke, ok, fail or info), a function {@code f} and the event's own fields. Lines that do not
 * fit the event vocabulary are kept as {@link Unreadable}s, never dropped silently.
 */
public final class History {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One history entry; {@code time} is nanoseconds since the first entry. */
    public record Op(int index, long time, RecordedEvent event) {
        public long monoNanos() {
            return event.monoNanos();
        }

        public String process() {
            return event.process();
        }

        /** Invoke, ok, fail or info. */
        public HistoryKind kind() {
            return event.kind();
        }

        /** The function: an event type's (e.g. {@code accept} for a fencing rejection), a harness step's own. */
        public String f() {
            return event.function();
        }

        public boolean is(EventType type) {
            return event.type() == type;
        }

        public Component component() {
            return event.component();
        }

        public long epoch() {
            return event.epoch();
        }

        public String text(EventField field) {
            return event.text(field);
        }

        /** A harness detail (e.g. {@code node}), or null. */
        public String text(String detail) {
            return event.text(detail);
        }

        public long number(EventField field) {
            return event.number(field);
        }

        /** The entry as one line for reports. */
        public String quote() {
            return String.format(
                    "#%d %.3fs %s %s %s %s", index, time / 1e9, process(), kind().wireName(), f(), value());
        }

        /** The event's type and fields, as written to {@code history.jsonl}. */
        public Map<String, Object> value() {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("event", event.type().wireName());
            event.fields().forEach((k, v) -> value.put(k, v instanceof Component c ? c.id() : v));
            return value;
        }
    }

    /**
     * A log line that could not be read.
     *
     * @param lastLine whether it is the last line of its file: what a {@code kill -9} mid-write leaves
     */
    public record Unreadable(Path file, int line, EventLine.Problem problem, String detail, boolean lastLine) {
        public String describe() {
            return file.getFileName() + ":" + line + " " + problem + (lastLine ? " (last line, torn?)" : "") + ": "
                    + detail;
        }
    }

    private final List<Op> ops;
    private final List<Unreadable> unreadable;

    private History(List<Op> ops, List<Unreadable> unreadable) {
        this.ops = ops;
        this.unreadable = unreadable;
    }

    public List<Op> ops() {
        return ops;
    }

    /** Every line that did not fit the vocabulary, in file order. */
    public List<Unreadable> unreadable() {
        return unreadable;
    }

    /**
     * Accepted calls per receiver, in time order, keyed {@code process:receiver<-component} (the
     * component whose commands they were): what the checker's (c) and (d) and a drill's overlap read.
     */
    public static Map<String, List<Op>> acceptsByReceiver(List<Op> ops) {
        Map<String, List<Op>> byReceiver = new TreeMap<>();
        for (Op o : ops) {
            if (o.is(EventType.ACCEPT)) {
                byReceiver
                        .computeIfAbsent(
                                o.process() + ":" + o.text(EventField.RECEIVER) + "<-" + o.component(),
                                k -> new ArrayList<>())
                        .add(o);
            }
        }
        return byReceiver;
    }

    /** Reads and merges every {@code *.events.jsonl} in {@code runDir}. */
    public static History load(Path runDir) throws IOException {
        return load(List.of(runDir));
    }

    /** Reads and merges every {@code *.events.jsonl} in each of {@code dirs}. */
    public static History load(List<Path> dirs) throws IOException {
        List<RecordedEvent> events = new ArrayList<>();
        List<Unreadable> unreadable = new ArrayList<>();
        for (Path file : eventLogs(dirs)) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).isBlank()) {
                    continue;
                }
                EventLine.Read read = EventLine.read(lines.get(i));
                if (read instanceof EventLine.Readable r) {
                    events.add(r.event());
                } else if (read instanceof EventLine.Unreadable u) {
                    unreadable.add(new Unreadable(file, i + 1, u.problem(), u.detail(), i == lines.size() - 1));
                }
            }
        }
        events.sort(Comparator.comparingLong(RecordedEvent::monoNanos));
        long first = events.isEmpty() ? 0 : events.get(0).monoNanos();
        List<Op> ops = new ArrayList<>();
        for (RecordedEvent e : events) {
            ops.add(new Op(ops.size(), e.monoNanos() - first, e));
        }
        return new History(List.copyOf(ops), List.copyOf(unreadable));
    }

    private static List<Path> eventLogs(List<Path> dirs) throws IOException {
        List<Path> logs = new ArrayList<>();
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.list(dir)) {
                logs.addAll(files.filter(f -> f.getFileName().toString().endsWith(".events.jsonl"))
                        .sorted()
                        .toList());
            }
        }
        return logs;
    }

    /** Writes the history as JSONL: one entry per line. */
    public void write(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Op op : ops) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("index", op.index());
                line.put("time", op.time());
                line.put("process", op.process());
                line.put("type", op.kind().wireName());
                line.put("f", op.f());
                line.put("value", op.value());
                out.write(MAPPER.writeValueAsString(line));
                out.newLine();
            }
        }
    }
}
