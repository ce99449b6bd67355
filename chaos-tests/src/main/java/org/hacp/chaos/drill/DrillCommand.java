package org.hacp.chaos.drill;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.hacp.chaos.checker.Validity;
import org.hacp.config.ConfigReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code hactl drill <kind>}: runs one failover drill against a running cluster described by a run
 * directory (default {@code run/cluster}, as {@code scripts/cluster up} leaves it) and prints the
 * phase table. Exit code: 0 SLOs met, 1 a bound missed (named), 2 could not tell (including a
 * drill this deployment gives no access for).
 */
@Command(
        name = "drill",
        mixinStandardHelpOptions = true,
        description = "Failover drill: handover, kill-leader, stop-leader, pause-leader, isolate-leader-from-zk, "
                + "isolate-leader-from-followers, and the ZooKeeper blips zk-blip, zk-server-restart, "
                + "zk-quorum-leader-change, te-zk-loss, and the long versions zk-server-restart-long, "
                + "zk-quorum-leader-change-long. Prints phases from the fault and checks SLOs.")
public final class DrillCommand implements Callable<Integer> {

    @Parameters(index = "0", description = "The drill kind.")
    String kind;

    @Option(
            names = "--run-dir",
            defaultValue = "run/cluster",
            description = "The cluster's run directory (default ${DEFAULT-VALUE}).")
    Path runDir;

    @Option(
            names = "--for",
            description = "How long a pause, isolation or blip lasts (default: the session timeout / 2 for zk-blip "
                    + "and zk-server-restart, 2 x the session timeout otherwise).")
    String length;

    @Option(
            names = "--slo-total",
            description = "Bound on fault -> first command at the new epoch (default: 500ms for handover, "
                    + "session timeout + 1s otherwise); for a blip, on the longest wait for a command (default: "
                    + "the fault's length).")
    String sloTotal;

    @Option(
            names = "--slo-overlap",
            defaultValue = "0ms",
            description = "Bound on epoch overlap at any receiver (default ${DEFAULT-VALUE}).")
    String sloOverlap;

    @Override
    public Integer call() {
        DrillKind drillKind;
        try {
            drillKind = DrillKind.parse(kind);
        } catch (IllegalArgumentException e) {
            System.err.println("hactl drill: " + e.getMessage());
            return 2;
        }
        try (ProcessDrillTarget target = ProcessDrillTarget.open(runDir)) {
            DrillReport report = runAndPrint(
                    target,
                    drillKind,
                    length,
                    sloTotal,
                    sloOverlap,
                    runDir.resolve("drills").resolve(drillKind.cliName() + "-" + System.currentTimeMillis()));
            return report.validity().exitCode();
        } catch (DrillTarget.DrillNotApplicableException e) {
            System.err.println("hactl drill " + kind + ": cannot be applied here: " + e.getMessage());
            return Validity.UNKNOWN.exitCode();
        } catch (Exception e) {
            System.err.println("hactl drill " + kind + ": " + e.getMessage());
            return Validity.UNKNOWN.exitCode();
        }
    }

    /** Runs one drill, prints its table and where the report is; shared with {@code scripts/drill}. */
    static DrillReport runAndPrint(
            DrillTarget target, DrillKind kind, String length, String sloTotal, String sloOverlap, Path reportDir)
            throws Exception {
        target.checkApplicable(kind);
        Duration faultLength = length == null ? kind.defaultLength(target.sessionTimeout()) : duration(length, "--for");
        DrillReport.Bounds defaults = DrillReport.Bounds.defaults(kind, target.sessionTimeout(), faultLength);
        DrillReport.Bounds bounds = new DrillReport.Bounds(
                sloTotal == null
                        ? defaults.totalMillis()
                        : duration(sloTotal, "--slo-total").toMillis(),
                duration(sloOverlap, "--slo-overlap").toMillis());
        System.out.println("drill " + kind.cliName() + ": fault applied to the leader " + target.leaderProcess()
                + "; watching the cluster");
        DrillReport report = new Drill(target, System.out).run(kind, faultLength, bounds, reportDir);
        System.out.print(report.table());
        report.slos().results().stream()
                .filter(r -> r.validity() == Validity.INVALID)
                .forEach(r ->
                        System.out.println("  bound missed: " + r.invariant() + " (measured " + r.summary() + ")"));
        System.out.println("  report: " + reportDir.resolve("drill.html") + " and drill-report.json");
        return report;
    }

    static Duration duration(String text, String option) {
        return ConfigReader.parseDuration(text, option);
    }
}
