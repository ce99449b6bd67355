package org.hacp.chaos.drill;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    public DrillReport run(DrillKind kind, Duration faultLength, DrillReport.Bounds bounds, Path reportDir)
            throws Exception {
        org.hacp.chaos.cluster.ChaosCluster.deleteRecursively(
                reportDir); // the drill log appends; an older drill's would mix in
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
        long faultNanos;
        try (EventLog drillLog = EventLog.open(reportDir.resolve("drill.events.jsonl"), "drill")) {
            faultNanos = System.nanoTime();
            drillLog.recordStep(
                    EventType.DRILL, kind.cliName(), "start", Map.of("leader", oldLeader, "epoch", dispatcher.epoch()));
            target.startFault(kind);
            long deadline = faultNanos
                    + target.sessionTimeout()
                            .multipliedBy(3)
                            .plusSeconds(10)
                            .plus(faultLength)
                            .toNanos();
            boolean lasting = kind == DrillKind.PAUSE_LEADER
                    || kind == DrillKind.ISOLATE_LEADER_FROM_ZK
                    || kind == DrillKind.ISOLATE_LEADER_FROM_FOLLOWERS
                    || kind == DrillKind.ZK_SERVER_LOSS;
            boolean ended = !lasting;
            DrillReport now = null;
            while (System.nanoTime() < deadline) {
                if (!ended && System.nanoTime() - faultNanos >= faultLength.toNanos()) {
                    target.endFault(kind);
                    drillLog.recordStep(EventType.DRILL, kind.cliName(), "end", Map.of());
                    ended = true;
                }
                now = analyze(kind, logDirs, faultNanos, oldLeader, dispatcher.epoch(), rm.epoch(), bounds);
                out.print("\r  " + progress(now, (System.nanoTime() - faultNanos) / 1_000_000) + "          ");
                out.flush();
                if (ended
                        && now.phase("followers reconnected").millis() != null
                        && now.phase("first command accepted").millis() != null
                        && (!kind.movesLeadership()
                                || now.phase("leader published").millis() != null)
                        && now.slos().result("jobs").validity() == org.hacp.chaos.checker.Validity.VALID) {
                    break;
                }
                Thread.sleep(200); // the cluster's processes write the logs we watch
            }
            out.println();
            if (!lasting && kind != DrillKind.HANDOVER) {
                target.endFault(
                        kind); // a killed or stopped leader comes back as a follower, where the deployment allows it
            }
            drillLog.recordStep(EventType.DRILL, kind.cliName(), "done", Map.of());
        }
        History history = History.load(logDirs);
        DrillReport report = DrillReport.analyze(
                kind, history, faultNanos, oldLeader, dispatcher.epoch(), rm.epoch(), target.taskExecutors(), bounds);
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
        return report;
    }

    private DrillReport analyze(
            DrillKind kind,
            List<Path> dirs,
            long faultNanos,
            String oldLeader,
            long dispatcherEpoch,
            long rmEpoch,
            DrillReport.Bounds bounds)
            throws java.io.IOException {
        return DrillReport.analyze(
                kind,
                History.load(dirs),
                faultNanos,
                oldLeader,
                dispatcherEpoch,
                rmEpoch,
                target.taskExecutors(),
                bounds);
    }

    /** The last phase reached, for the live line. */
    private static String progress(DrillReport report, long elapsedMillis) {
        String reached = "fault applied";
        for (DrillReport.Phase p : report.phases()) {
            if (p.millis() != null && !p.name().equals("jobs resumed")) {
                reached = p.name() + " at +" + p.millis() + " ms";
            }
        }
        return String.format("[%6d ms] %s", elapsedMillis, reached);
    }
}
