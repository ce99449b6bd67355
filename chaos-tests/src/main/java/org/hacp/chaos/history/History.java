package org.hacp.chaos.history;

import com.fasterxml.jackson.core.type.TypeReference;
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
import java.util.stream.Stream;

/**
 * One run's history: the nemesis's actions, the harness's client calls and every node's event log
 * merged into one sequence ordered by monotonic time (all processes run on one machine, where
 * {@code System.nanoTime} is the shared CLOCK_MONOTONIC). Each entry is Jepsen-shaped: a
 * {@code type} (invoke, ok, fail or info), a function {@code f} and the event's own fields.
 */
public final class History {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** One history entry; {@code time} is nanoseconds since the first entry. */
    public record Op(
            int index, long time, long monoNanos, String process, String type, String f, Map<String, Object> value) {
        public String string(String key) {
            Object v = value.get(key);
            return v == null ? null : v.toString();
        }

        public long number(String key) {
            Object v = value.get(key);
            return v instanceof Number n ? n.longValue() : v == null ? -1 : Long.parseLong(v.toString());
        }

        /** The entry as one line for reports. */
        public String quote() {
            return String.format("#%d %.3fs %s %s %s %s", index, time / 1e9, process, type, f, value);
        }
    }

    private final List<Op> ops;

    private History(List<Op> ops) {
        this.ops = ops;
    }

    public List<Op> ops() {
        return ops;
    }

    /** Reads and merges every {@code *.events.jsonl} in {@code runDir}; a line that is not JSON (a torn write at kill -9) is skipped. */
    public static History load(Path runDir) throws IOException {
        return load(List.of(runDir));
    }

    /** Reads and merges every {@code *.events.jsonl} in each of {@code dirs}. */
    public static History load(List<Path> dirs) throws IOException {
        List<Map<String, Object>> events = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (Path dir : dirs) {
            try (Stream<Path> files = Files.list(dir)) {
                logs.addAll(files.filter(f -> f.getFileName().toString().endsWith(".events.jsonl"))
                        .sorted()
                        .toList());
            }
        }
        for (Path file : logs) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    events.add(MAPPER.readValue(line, new TypeReference<LinkedHashMap<String, Object>>() {}));
                } catch (IOException e) {
                    // a line cut short by kill -9; the rest of the log is still good
                }
            }
        }
        events.sort(Comparator.comparingLong(e -> ((Number) e.get("monoNanos")).longValue()));
        long first = events.isEmpty() ? 0 : ((Number) events.get(0).get("monoNanos")).longValue();
        List<Op> ops = new ArrayList<>();
        for (Map<String, Object> e : events) {
            long mono = ((Number) e.get("monoNanos")).longValue();
            String eventType = String.valueOf(e.get("type"));
            String process = String.valueOf(e.get("process"));
            String type;
            String f;
            switch (eventType) {
                case "nemesis", "client", "settled" -> {
                    f = String.valueOf(e.get("f"));
                    String phase = String.valueOf(e.get("phase"));
                    type = switch (phase) {
                        case "invoke", "ok", "fail" -> phase;
                        default -> "info";
                    };
                }
                case "accept" -> {
                    type = "ok";
                    f = "accept";
                }
                case "fencing-rejection" -> {
                    type = "fail";
                    f = "accept";
                }
                case "store-write" -> {
                    type = "ok";
                    f = "write";
                }
                case "checkpoint-refused" -> {
                    type = "fail";
                    f = "write";
                }
                default -> {
                    type = "info";
                    f = eventType;
                }
            }
            Map<String, Object> value = new LinkedHashMap<>(e);
            value.remove("monoNanos");
            value.remove("process");
            value.remove("type");
            value.put("event", eventType);
            ops.add(new Op(ops.size(), mono - first, mono, process, type, f, value));
        }
        return new History(List.copyOf(ops));
    }

    /** Writes the history as JSONL: one entry per line. */
    public void write(Path file) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Op op : ops) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("index", op.index());
                line.put("time", op.time());
                line.put("process", op.process());
                line.put("type", op.type());
                line.put("f", op.f());
                line.put("value", op.value());
                out.write(MAPPER.writeValueAsString(line));
                out.newLine();
            }
        }
    }
}
