package org.hacp.cluster.events;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hacp.cluster.Component;
import org.hacp.fencing.FencedRpcEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's JSONL event log: one line per event that matters to the chaos checker, drills and
 * operators, in the vocabulary of {@link EventType} and the format of {@link EventLine}. Every line
 * carries the wall-clock time, a monotonic time ({@code System.nanoTime}, CLOCK_MONOTONIC on Linux
 * and so comparable across the processes of one machine), the process id and pid. Each line is
 * flushed as written, so a {@code kill -9} loses nothing already recorded. Thread-safe.
 */
public final class EventLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private static final EventLog NONE = new EventLog(null, "none");
    static final int REJECTION_EVENTS_PER_SECOND = 100;

    private final BufferedWriter out;
    private final String process;
    private final long pid = ProcessHandle.current().pid();

    private EventLog(BufferedWriter out, String process) {
        this.out = out;
        this.process = process;
    }

    /** Appends to {@code file} (created with its directories). */
    public static EventLog open(Path file, String process) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        return new EventLog(
                Files.newBufferedWriter(
                        file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                process);
    }

    /** A log that records nothing. */
    public static EventLog none() {
        return NONE;
    }

    /**
     * Records one event of a cluster type.
     *
     * @param values the type's {@link EventType#fields() fields}, in order
     * @throws IllegalArgumentException if the values do not match the type's fields (a writer bug)
     */
    public void record(EventType type, Object... values) {
        List<EventField> fields = type.fields();
        if (type.isHarness() || values.length != fields.size()) {
            throw new IllegalArgumentException("event '" + type.wireName() + "' takes " + fields + ", given "
                    + values.length + " values" + (type.isHarness() ? " (a harness event: use recordStep)" : ""));
        }
        Map<String, Object> line = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            EventField field = fields.get(i);
            if (!field.value().accepts(values[i])) {
                throw new IllegalArgumentException("event '" + type.wireName() + "': field '" + field.jsonName()
                        + "' takes a " + field.value() + ", given " + values[i]);
            }
            line.put(field.jsonName(), values[i]);
        }
        append(type, line);
    }

    /**
     * Records one step of the harness (nemesis action, client call, settling, drill).
     *
     * @param function what the step does, e.g. {@code kill} or {@code submit}
     * @param phase invoke, ok, fail, or a phase of the harness's own (start, end, info)
     * @param details further fields (strings, numbers, booleans)
     */
    public void recordStep(EventType type, String function, String phase, Map<String, ?> details) {
        if (!type.isHarness()) {
            throw new IllegalArgumentException("event '" + type.wireName() + "' is not a harness event: use record");
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put(EventField.F.jsonName(), function);
        line.put(EventField.PHASE.jsonName(), phase);
        line.putAll(details);
        append(type, line);
    }

    private void append(EventType type, Map<String, Object> fields) {
        if (out == null) {
            return;
        }
        String line = EventLine.write(
                new RecordedEvent(type, process, pid, Instant.now().toString(), System.nanoTime(), fields));
        try {
            synchronized (this) {
                out.write(line);
                out.newLine();
                out.flush();
            }
        } catch (IOException e) {
            LOG.warn("Event log of '{}': cannot record {}: {}", process, type.wireName(), e.toString());
        }
    }

    /**
     * Records the fencing rejections of {@code endpoint} with both epochs, at most
     * {@value #REJECTION_EVENTS_PER_SECOND} lines per second per reason; a line says how many were
     * not written since the previous one. 20,000 forged calls once wrote 4.2 MB in 3.6 s, a
     * flushed line each on the endpoint's main thread (issue 13).
     */
    public void recordRejections(FencedRpcEndpoint endpoint, Component component) {
        if (out == null) {
            return;
        }
        RejectionEvents limiter = new RejectionEvents();
        endpoint.setRejectionListener(rejection -> {
            long suppressed = limiter.admit(rejection.getReason().name());
            if (suppressed >= 0) {
                record(
                        EventType.FENCING_REJECTION,
                        component,
                        rejection.getReason().name(),
                        rejection.getReceivedEpoch(),
                        rejection.getCurrentEpoch(),
                        suppressed);
            }
        });
    }

    /** Per reason, a one-second window of at most {@value #REJECTION_EVENTS_PER_SECOND} lines. */
    private static final class RejectionEvents {
        /** Per reason: {window start, lines written in it, not written since the last line}. */
        private final Map<String, long[]> windows = new HashMap<>();

        /** The count to write with this line, or -1 to only count it. */
        synchronized long admit(String reason) {
            long now = System.nanoTime();
            long[] w = windows.computeIfAbsent(reason, r -> new long[] {now, 0, 0});
            if (now - w[0] >= 1_000_000_000L) {
                w[0] = now;
                w[1] = 0;
            }
            if (w[1] >= REJECTION_EVENTS_PER_SECOND) {
                w[2]++;
                return -1;
            }
            w[1]++;
            long suppressed = w[2];
            w[2] = 0;
            return suppressed;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
