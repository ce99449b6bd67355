package org.hacp.chaos.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hacp.chaos.checker.Validity;
import org.hacp.chaos.cluster.ChaosCluster;
import org.hacp.chaos.history.History;
import org.hacp.chaos.report.TimelineReport;
import org.hacp.cluster.Component;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.events.EventType;
import org.hacp.leader.LeaderInformation;

/**
 * Runs one drill against a {@link DrillTarget}: records the fault in its own event log, applies
 * it, shows the phase the cluster is in on one live line, ends a lasting fault after
 * {@code faultLength}, waits for the cluster to recover (or a deadline), then writes the report
 * ({@code drill-report.json}, {@code drill.html}) into {@code reportDir} and returns it.
 */
public final class Drill {
    private final DrillTarget target;
    private final PrintStream out;

    public Drill(DrillTarget target, PrintStream out) {
        this.target = target;
        this.out = out;
    }

    /** Where the drill starts from: the leaders before the fault, and when the fault was applied. */
    private record Start(String oldLeader, long dispatcherEpoch, long rmEpoch, long faultNanos) {}

    public DrillReport run(DrillKind kind, Duration faultLength, DrillReport.Bounds bounds, Path reportDir)
            throws Exception {
        ChaosCluster.deleteRecursively(reportDir); // the drill log appends; an older drill's would mix in
        Files.createDirectories(reportDir);
        LeaderInformation dispatcher = target.leader(Component.DISPATCHER);
        LeaderInformation rm = target.leader(Component.RESOURCE_MANAGER);
        String oldLeader = target.leaderProcess();
        if (dispatcher == null || rm == null || oldLeader == null) {
            throw new IllegalStateException("the cluster has no leader now; a drill needs one to start from");
        }
        List<Path> logDirs = new ArrayList<>(target.eventLogDirs());
        logDirs.add(reportDir);
        target.prepare(kind);
        Start start;
        try (EventLog drillLog = EventLog.open(reportDir.resolve("drill.events.jsonl"), "drill")) {
            start = new Start(oldLeader, dispatcher.epoch(), rm.epoch(), System.nanoTime());
            drillLog.recordStep(
                    EventType.DRILL, kind.cliName(), "start", Map.of("leader", oldLeader, "epoch", dispatcher.epoch()));
            target.startFault(kind);
            watch(kind, faultLength, bounds, logDirs, start, drillLog);
            drillLog.recordStep(EventType.DRILL, kind.cliName(), "done", Map.of());
        }
        History history = History.load(logDirs);
        DrillReport report = analyze(kind, history, start, bounds);
        writeReports(kind, reportDir, history, report, start.faultNanos());
        return report;
    }

    /**
     * Shows the phase reached on one live line until the cluster has recovered (or a deadline),
     * ending a lasting fault after {@code faultLength}; a killed or stopped leader is brought back
     * as a follower at the end, where the deployment allows it.
     */
    private void watch(
            DrillKind kind,
            Duration faultLength,
            DrillReport.Bounds bounds,
            List<Path> logDirs,
            Start start,
            EventLog drillLog)
            throws Exception {
        long deadline = start.faultNanos()
                + target.sessionTimeout()
                        .multipliedBy(3)
                        .plusSeconds(10)
                        .plus(faultLength)
                        .toNanos();
        boolean ended = !kind.lasting();
        long endedNanos = start.faultNanos();
        // On a terminal one line is rewritten in place; to a file or a pipe a line is printed only
        // when the phase reached changes (it repeated every 200 ms before: issue 15).
        boolean terminal = System.console() != null;
        String lastReached = null;
        while (System.nanoTime() < deadline) {
            if (!ended && System.nanoTime() - start.faultNanos() >= faultLength.toNanos()) {
                target.endFault(kind);
                drillLog.recordStep(EventType.DRILL, kind.cliName(), "end", Map.of());
                ended = true;
                endedNanos = System.nanoTime();
            }
            DrillReport now = analyze(kind, History.load(logDirs), start, bounds);
            String line =
                    String.format("[%6d ms] %s", (System.nanoTime() - start.faultNanos()) / 1_000_000, reached(now));
            if (terminal) {
                out.print("\r  " + line + "          ");
            } else if (!reached(now).equals(lastReached)) {
                out.println("  " + line);
            }
            lastReached = reached(now);
            out.flush();
            if (ended && (kind.blip() ? quietAfter(now, endedNanos) : recovered(kind, now))) {
                break;
            }
            Thread.sleep(200); // the cluster's processes write the logs we watch
        }
        if (terminal) {
            out.println();
        }
        if (!kind.lasting() && kind != DrillKind.HANDOVER) {
            target.endFault(kind);
        }
    }

    /**
     * A blip has nothing to recover from: the drill watches one session timeout past the fault's
     * end, long enough for a session lost during it to move leadership or tasks if it would.
     */
    private boolean quietAfter(DrillReport now, long endedNanos) {
        return System.nanoTime() - endedNanos >= target.sessionTimeout().toNanos()
                && now.slos().result("jobs").validity() == Validity.VALID;
    }

    private static boolean recovered(DrillKind kind, DrillReport now) {
        return now.phase("followers reconnected").millis() != null
                && now.phase("first command accepted").millis() != null
                && (!kind.movesLeadership() || now.phase("leader published").millis() != null)
                && now.slos().result("jobs").validity() == Validity.VALID;
    }

    private DrillReport analyze(DrillKind kind, History history, Start start, DrillReport.Bounds bounds) {
        return DrillReport.analyze(
                kind,
                history,
                start.faultNanos(),
                start.oldLeader(),
                start.dispatcherEpoch(),
                start.rmEpoch(),
                target.taskExecutors(),
                bounds);
    }

    private static void writeReports(
            DrillKind kind, Path reportDir, History history, DrillReport report, long faultNanos) throws IOException {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(
                reportDir.resolve("drill-report.json"), mapper.writeValueAsString(report), StandardCharsets.UTF_8);
        Map<String, Long> marks = new LinkedHashMap<>();
        marks.put("fault", faultNanos);
        for (DrillReport.Phase p : report.phases()) {
            if (p.millis() != null) {
                marks.put(p.name(), faultNanos + p.millis() * 1_000_000);
            }
        }
        TimelineReport.write(reportDir.resolve("drill.html"), "drill " + kind.cliName(), history, report.slos(), marks);
    }

    /** The last phase reached, for the live line. */
    private static String reached(DrillReport report) {
        String reached = "fault applied";
        for (DrillReport.Phase p : report.phases()) {
            if (p.millis() != null && !p.name().equals("jobs resumed")) {
                reached = p.name() + " at +" + p.millis() + " ms";
            }
        }
        return reached;
    }
}
