package org.hacp.cluster.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A process's JSONL event log: one line per event that matters to the chaos checker, drills and
 * operators (grant, revoke, publish, retrieval change, registration, heartbeat timeout, job
 * events). Every line carries the wall-clock time, a monotonic time ({@code System.nanoTime},
 * which on Linux is CLOCK_MONOTONIC and so comparable across the processes of one machine), the
 * process id and pid. Each line is flushed as written, so a {@code kill -9} loses nothing already
 * recorded. Thread-safe.
 */
public final class EventLog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventLog.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final EventLog NONE = new EventLog(null, "none");

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
     * Records one event.
     *
     * @param type what happened, e.g. {@code grant}
     * @param keyValues alternating field names and values (values: strings, numbers, booleans)
     */
    public void record(String type, Object... keyValues) {
        if (out == null) {
            return;
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type);
        event.put("wallTime", Instant.now().toString());
        event.put("monoNanos", System.nanoTime());
        event.put("process", process);
        event.put("pid", pid);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            event.put(String.valueOf(keyValues[i]), keyValues[i + 1]);
        }
        try {
            String line = MAPPER.writeValueAsString(event);
            synchronized (this) {
                out.write(line);
                out.newLine();
                out.flush();
            }
        } catch (IOException e) {
            LOG.warn("Event log of '{}': cannot record {}: {}", process, type, e.toString());
        }
    }

    /** Records the fencing rejections of {@code endpoint} as {@code fencing-rejection} events with both epochs. */
    public void recordRejections(org.hacp.fencing.FencedRpcEndpoint endpoint, String component) {
        if (out == null) {
            return;
        }
        endpoint.setRejectionListener(rejection -> record(
                "fencing-rejection",
                "component",
                component,
                "reason",
                rejection.getReason().name(),
                "receivedEpoch",
                rejection.getReceivedEpoch(),
                "currentEpoch",
                rejection.getCurrentEpoch()));
    }

    @Override
    public synchronized void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
