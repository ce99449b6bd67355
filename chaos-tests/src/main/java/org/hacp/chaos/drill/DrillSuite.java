package org.hacp.chaos.drill;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.hacp.chaos.checker.Validity;
import org.hacp.chaos.cluster.ChaosCluster;
import org.hacp.cluster.job.JobSpec;
import org.hacp.threads.CommandExit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code scripts/drill}: starts a fresh local cluster with a fault proxy on every link, runs the
 * standard drill set one after another (letting the cluster settle in between, with a job
 * running), and prints a summary table. Exit code: the worst drill's.
 */
@Command(
        name = "drill-suite",
        mixinStandardHelpOptions = true,
        description = "Runs the standard failover drill set on a local cluster.")
public final class DrillSuite implements Callable<Integer> {

    @Option(
            names = "--run-dir",
            defaultValue = "run/drill",
            description = "Where the cluster and the reports go (default ${DEFAULT-VALUE}).")
    Path runDir;

    /**
     * 6 s: the blips a leader rides out by reconnecting (zk-blip, zk-server-restart,
     * zk-quorum-leader-change) are only blips when ZooKeeper's client can reconnect within T, and its
     * back-off took up to 2.6 s after an ensemble election (ChaosCluster.Options.BLIP_SESSION_TIMEOUT).
     */
    @Option(
            names = "--session-timeout",
            defaultValue = "6s",
            description = "ZooKeeper session timeout (default ${DEFAULT-VALUE}: room for a ZooKeeper client's"
                    + " reconnect back-off, so the blip drills are blips).")
    String sessionTimeout;

    @Option(names = "--drills", split = ",", description = "Which drills (default: all twelve).")
    List<String> drills;

    @Override
    public Integer call() throws Exception {
        Duration session = DrillCommand.duration(sessionTimeout, "--session-timeout");
        List<DrillKind> kinds = drills == null
                ? List.of(DrillKind.values())
                : drills.stream().map(DrillKind::parse).toList();
        ChaosCluster.Options options = ChaosCluster.Options.defaults().withSessionTimeout(session);
        List<String[]> rows = new ArrayList<>();
        Validity overall = Validity.VALID;
        try (ChaosCluster cluster = ChaosCluster.start(runDir, System.getProperty("java.class.path"), options)) {
            ChaosDrillTarget target = new ChaosDrillTarget(cluster);
            if (kinds.contains(DrillKind.HANDOVER)) {
                warmUp(cluster);
            }
            for (DrillKind kind : kinds) {
                cluster.nemesis().restoreProcesses();
                cluster.nemesis().heal();
                cluster.client().awaitSettled(Duration.ofSeconds(60));
                cluster.client().submit(new JobSpec("drill", 2, 100, 100), Duration.ofSeconds(20));
                DrillReport report;
                try {
                    report = DrillCommand.runAndPrint(
                            target,
                            kind,
                            null,
                            null,
                            "0ms",
                            runDir.resolve("drills").resolve(kind.cliName()));
                } catch (Exception e) {
                    System.out.println("drill " + kind.cliName() + " could not run: " + e.getMessage());
                    rows.add(new String[] {kind.cliName(), "UNKNOWN", "-", "-", "-", "-", "-", "-"});
                    overall = overall.and(Validity.UNKNOWN);
                    continue;
                }
                overall = overall.and(report.validity());
                rows.add(new String[] {
                    kind.cliName(),
                    report.validity().name(),
                    ms(report.phase("detect").millis()),
                    ms(report.phase("new leader granted").millis()),
                    ms(report.phase("leader published").millis()),
                    ms(report.phase("followers reconnected").millis()),
                    ms(report.phase("first command accepted").millis()),
                    report.epochBefore() + "->" + report.epochAfter()
                });
            }
        }
        System.out.println();
        System.out.printf(
                "%-31s %-8s %8s %8s %9s %11s %10s %7s%n",
                "drill", "SLOs", "detect", "granted", "published", "reconnected", "1st accept", "epochs");
        for (String[] r : rows) {
            System.out.printf("%-31s %-8s %8s %8s %9s %11s %10s %7s%n", (Object[]) r);
        }
        System.out.println("overall: " + overall + " (reports under " + runDir.resolve("drills") + ")");
        return overall.exitCode();
    }

    /**
     * Two planned handovers, not judged, before the drills: on a just-started cluster the
     * JobManagers run their handover code cold, and the first handover missed its 500 ms SLO (563
     * ms in a fresh-clone run of e5ee4ab, 652 ms in the scripts/drill run of 2c9c267, ~100 ms once
     * warm: issue 16). The suite judges a cluster in service, not its first minute.
     */
    private static void warmUp(ChaosCluster cluster) throws Exception {
        System.out.println(
                "warm-up: two planned handovers, not judged (a just-started cluster runs its handover" + " code cold)");
        for (int i = 0; i < 2; i++) {
            cluster.client().awaitSettled(Duration.ofSeconds(60));
            cluster.nemesis().handover(Duration.ofSeconds(2));
        }
    }

    private static String ms(Long millis) {
        return millis == null ? "-" : millis + "ms";
    }

    public static void main(String[] args) {
        CommandExit.exit(new CommandLine(new DrillSuite()).execute(args));
    }
}
