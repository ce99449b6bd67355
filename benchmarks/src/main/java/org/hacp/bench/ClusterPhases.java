package org.hacp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.hacp.cluster.Component;
import org.hacp.cluster.events.EventLine;
import org.hacp.cluster.events.EventType;
import org.hacp.cluster.events.RecordedEvent;

/**
 * A failover's phases as the cluster's own processes recorded them in their event logs, from a
 * fault at {@code t0} ({@code System.nanoTime}: CLOCK_MONOTONIC, shared by the processes of one
 * machine): free of the lag with which an outside client learns of each step (~100 ms of a planned
 * handover's "published" was the benchmark's own watch being notified; issue 16).
 *
 * @param publishedMs both components' new leader information written
 * @param registeredMs the last TaskExecutor registered at the new epoch
 * @param deployedMs the last of the job's tasks deployed at the new epoch (running again)
 */
record ClusterPhases(double publishedMs, double registeredMs, double deployedMs) {

    /** Reads every {@code *.events.jsonl} in {@code runDir}; NaN for a phase not (yet) recorded. */
    static ClusterPhases read(Path runDir, long t0, long newEpoch, int taskExecutors, int tasks) throws IOException {
        List<RecordedEvent> events = new ArrayList<>();
        try (Stream<Path> files = Files.list(runDir)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(".events.jsonl")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    if (EventLine.read(line) instanceof EventLine.Readable r
                            && r.event().monoNanos() >= t0) {
                        events.add(r.event());
                    }
                }
            }
        }
        return new ClusterPhases(
                nth(events, EventType.PUBLISH, null, newEpoch, t0, Component.ELECTED.size()),
                nth(events, EventType.REGISTER, Component.RESOURCE_MANAGER, newEpoch, t0, taskExecutors),
                nth(events, EventType.TASK_DEPLOYED, null, -1, t0, tasks));
    }

    /** Milliseconds from t0 to the {@code count}-th matching event, or NaN. */
    private static double nth(
            List<RecordedEvent> events, EventType type, Component component, long epoch, long t0, int count) {
        List<Long> times = events.stream()
                .filter(e -> e.type() == type
                        && (component == null || e.component() == component)
                        && (epoch < 0 || e.epoch() == epoch))
                .map(RecordedEvent::monoNanos)
                .sorted()
                .toList();
        OptionalLong at = times.size() >= count ? OptionalLong.of(times.get(count - 1)) : OptionalLong.empty();
        return at.isPresent() ? (at.getAsLong() - t0) / 1e6 : Double.NaN;
    }
}
