package org.hacp.bench;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.hacp.cluster.Component;
import org.hacp.cluster.client.ClusterClient;
import org.hacp.cluster.client.ClusterSession;
import org.hacp.cluster.dispatcher.DispatcherGateway;
import org.hacp.cluster.job.JobSpec;
import org.hacp.cluster.job.JobStatus;
import org.hacp.cluster.process.LocalCluster;
import org.hacp.ha.HaConfig;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.zookeeper.LeaderPaths;
import org.hacp.threads.CommandExit;

/**
 * Issue 32's scale benchmark on a local cluster of real processes (3 JobManagers, lightweight
 * TaskExecutors, a 3-server ZooKeeper ensemble): at each number of running jobs, the ensemble's
 * write transactions per second at steady state (the growth of the last zxid, read by a probe write
 * before and after a window, the probe's own write taken off), the watches the ensemble holds (each
 * server's {@code zk_watch_count}), the leader's resident memory, and
 * how long a kill -9 of the leader and a planned handover take until the new leader is published
 * and until every job is running again (ticking beyond where it stood at the fault). Jobs have one
 * task each. The processes run {@code -Dhacp.bench.process-classpath} when set (a baseline build of
 * another commit, {@code scripts/bench scale --baseline REF}), else this JVM's class path.
 *
 * <p>Usage: {@code ScaleBenchmark [--jobs 10,100,1000] [--taskexecutors 100] [--tick-ms 500]
 * [--window-seconds 10] [--label NAME]}.
 */
public final class ScaleBenchmark {
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int TASK_EXECUTORS_PER_JVM = 50;
    private static final String PROBE = "/bench-probe";

    private record Row(
            int jobs,
            double writesPerSecond,
            long watches,
            long leaderRssKib,
            double crashPublishedMs,
            double crashRunningMs,
            double plannedPublishedMs,
            double plannedRunningMs,
            String failed) {}

    private final LocalCluster cluster;
    private final ClusterClient client;
    private final CuratorFramework zk;
    private final int tickMillis;
    private final List<String> jobs = new ArrayList<>();
    private int nextJobManager = 4;

    private ScaleBenchmark(LocalCluster cluster, ClusterSession session, int tickMillis) {
        this.cluster = cluster;
        this.client = session.client();
        this.zk = session.ha().client();
        this.tickMillis = tickMillis;
    }

    public static void main(String[] args) {
        CommandExit.run(() -> {
            measure(args);
            return 0;
        });
    }

    private static void measure(String[] args) throws Exception {
        int[] steps = Arrays.stream(arg(args, "--jobs", "10,100,1000").split(","))
                .mapToInt(Integer::parseInt)
                .toArray();
        int taskExecutors = Integer.parseInt(arg(args, "--taskexecutors", "100"));
        int tickMillis = Integer.parseInt(arg(args, "--tick-ms", "500"));
        int window = Integer.parseInt(arg(args, "--window-seconds", "10"));
        String label = arg(args, "--label", "this build");
        String classpath = System.getProperty("hacp.bench.process-classpath", System.getProperty("java.class.path"));
        // The ensemble runs in this JVM; its servers answer mntr (zk_watch_count) only when allowed.
        System.setProperty("zookeeper.4lw.commands.whitelist", "mntr,srvr");
        int maxJobs = Arrays.stream(steps).max().orElse(0);
        int slots = (maxJobs + taskExecutors - 1) / taskExecutors;
        Path runDir = Path.of(
                "run", "bench-scale-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        System.out.printf(
                "Scale benchmark (%s): 3 JobManagers, %d lightweight TaskExecutors of %d slots, 3 ZooKeeper servers;"
                        + " jobs of 1 task ticking every %d ms; steps %s; logs in %s%n",
                label, taskExecutors, slots, tickMillis, Arrays.toString(steps), runDir);
        try (LocalCluster cluster = LocalCluster.start(runDir, Duration.ofSeconds(2), classpath, 3)) {
            List<CompletableFuture<LocalCluster.Member>> starting = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                starting.add(cluster.startJobManager("jobmanager-" + i));
            }
            for (int i = 0; i * TASK_EXECUTORS_PER_JVM < taskExecutors; i++) {
                int count = Math.min(TASK_EXECUTORS_PER_JVM, taskExecutors - i * TASK_EXECUTORS_PER_JVM);
                starting.add(cluster.startTaskExecutors("te-" + (i + 1), count, slots));
            }
            for (CompletableFuture<LocalCluster.Member> s : starting) {
                s.get(180, TimeUnit.SECONDS);
            }
            HaConfig ha = cluster.clientHaConfig(Duration.ofSeconds(10), Duration.ofSeconds(5));
            try (ClusterSession session = ClusterSession.open("bench-scale", ha, cluster.clientRpcConfig("bench"))) {
                ScaleBenchmark bench = new ScaleBenchmark(cluster, session, tickMillis);
                List<Row> rows = new ArrayList<>();
                rows.add(bench.step(0, window));
                for (int n : steps) {
                    Row row = bench.step(n, window);
                    rows.add(row);
                    if (row.failed() != null) {
                        break; // the cluster did not recover: later steps would measure its wreck
                    }
                }
                print(label, rows);
            }
        }
    }

    /** One step; a failover that fails is reported as such ({@code failed} set), and the run stops after it. */
    private Row step(int target, int windowSeconds) throws Exception {
        submitUpTo(target);
        awaitAllRunning(Map.of());
        awaitJobMastersPublished();
        double writes = writesPerSecond(windowSeconds);
        long watches = watches();
        long rss = leaderRssKib();
        System.out.printf(
                "  %5d jobs: %7.1f ZooKeeper writes/s, %s watches, leader RSS %d MiB%n",
                target, writes, watches < 0 ? "?" : Long.toString(watches), rss / 1024);
        if (target == 0) {
            return new Row(0, writes, watches, rss, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null);
        }
        double[] crash = {Double.NaN, Double.NaN};
        double[] planned = {Double.NaN, Double.NaN};
        String failed = null;
        try {
            crash = failover(true);
            planned = failover(false);
        } catch (Exception e) {
            failed = e.toString();
        }
        System.out.printf(
                "         kill -9: published %.0f ms, all jobs running %.0f ms; planned: published %.0f ms, all jobs"
                        + " running %.0f ms%s%n",
                crash[0], crash[1], planned[0], planned[1], failed == null ? "" : "; FAILED: " + failed);
        return new Row(target, writes, watches, rss, crash[0], crash[1], planned[0], planned[1], failed);
    }

    private void submitUpTo(int target) throws Exception {
        DispatcherGateway dispatcher = dispatcher();
        List<CompletableFuture<String>> submitted = new ArrayList<>();
        while (jobs.size() + submitted.size() < target) {
            submitted.add(dispatcher.submitJob(new JobSpec("scale", 1, 1_000_000, tickMillis)));
            if (submitted.size() == 50) {
                for (CompletableFuture<String> s : submitted) {
                    jobs.add(s.get(60, TimeUnit.SECONDS));
                }
                submitted.clear();
            }
        }
        for (CompletableFuture<String> s : submitted) {
            jobs.add(s.get(60, TimeUnit.SECONDS));
        }
    }

    /** Waits until the leader lists every job with progress beyond {@code beyond} (or any, if absent); returns then. */
    private long awaitAllRunning(Map<String, Integer> beyond) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                Map<String, Integer> ticks = ticks(dispatcher());
                if (jobs.stream().allMatch(j -> ticks.getOrDefault(j, 0) > beyond.getOrDefault(j, 0))) {
                    return System.nanoTime();
                }
            } catch (Exception e) {
                // the leader is changing: ask the next one
            }
            Thread.sleep(20); // polling another process's state
        }
        throw new IllegalStateException("not every one of " + jobs.size() + " jobs ran within " + WAIT);
    }

    /** {published, all running} in ms from the fault; a crash restarts a JobManager afterwards. */
    private double[] failover(boolean crash) throws Exception {
        LeaderInformation before = client.awaitLeader(Component.DISPATCHER, WAIT);
        DispatcherGateway gateway = client.dispatcher(before).get(10, TimeUnit.SECONDS);
        awaitParticipants();
        Map<String, Integer> atFault = ticks(gateway);
        long t0 = System.nanoTime();
        if (crash) {
            cluster.kill(cluster.memberAt(before.address()));
        } else {
            gateway.stepDown(500, "").get(10, TimeUnit.SECONDS);
        }
        client.awaitLeader(Component.DISPATCHER, l -> l.epoch() > before.epoch(), WAIT);
        long published = System.nanoTime();
        long running = awaitAllRunning(atFault);
        if (crash) {
            cluster.startJobManager("jobmanager-" + nextJobManager++).get(120, TimeUnit.SECONDS);
        }
        return new double[] {(published - t0) / 1e6, (running - t0) / 1e6};
    }

    /**
     * Waits until every job's JobMaster address is published: a leader publishes them one by one
     * after its JobMasters started (three round trips each), and a window measured before the last
     * is out counts that backlog (first runs: about 100 writes/s at 1,000 jobs), not the steady state.
     */
    private void awaitJobMastersPublished() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        for (String job : jobs) {
            String path = LeaderPaths.connectionInfo(Component.jobMasterElectionId(job));
            while (zk.checkExists().forPath(path) == null) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the JobMaster of " + job + " was not published within " + WAIT);
                }
                Thread.sleep(20); // polling ZooKeeper from outside the cluster
            }
        }
    }

    private void awaitParticipants() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (client.participants().size() < 3) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("fewer than 3 JobManagers in the election");
            }
            Thread.sleep(20); // polling ZooKeeper from outside the cluster
        }
    }

    private DispatcherGateway dispatcher() throws Exception {
        return client.dispatcher(client.awaitLeader(Component.DISPATCHER, WAIT)).get(10, TimeUnit.SECONDS);
    }

    private static Map<String, Integer> ticks(DispatcherGateway gateway) throws Exception {
        Map<String, Integer> ticks = new HashMap<>();
        for (JobStatus s : gateway.listJobs().get(10, TimeUnit.SECONDS)) {
            ticks.put(s.jobId(), s.ticksCompleted());
        }
        return ticks;
    }

    /** Write transactions of the whole ensemble per second over the window: every write moves the zxid by one. */
    private double writesPerSecond(int windowSeconds) throws Exception {
        long z0 = probe();
        long t0 = System.nanoTime();
        Thread.sleep(windowSeconds * 1000L); // the measurement window
        long z1 = probe();
        long t1 = System.nanoTime();
        return (z1 - z0 - 1) / ((t1 - t0) / 1e9);
    }

    private long probe() throws Exception {
        try {
            Stat stat = zk.setData().forPath(PROBE, new byte[0]);
            return stat.getMzxid();
        } catch (KeeperException.NoNodeException e) {
            zk.create().forPath(PROBE, new byte[0]);
            return probe();
        }
    }

    /**
     * Watches held by the whole ensemble: the sum of every server's {@code zk_watch_count} (mntr),
     * or -1 when a server does not report it (one run's servers answered mntr without it).
     */
    private long watches() throws Exception {
        long total = 0;
        for (String server : cluster.zooKeeperConnectString().split(",")) {
            int colon = server.lastIndexOf(':');
            try (Socket socket =
                    new Socket(server.substring(0, colon), Integer.parseInt(server.substring(colon + 1)))) {
                socket.setSoTimeout(5000);
                socket.getOutputStream().write("mntr".getBytes(StandardCharsets.US_ASCII));
                String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
                OptionalLong count = answer.lines()
                        .filter(line -> line.startsWith("zk_watch_count"))
                        .mapToLong(line -> Long.parseLong(line.split("\\s+")[1]))
                        .findFirst();
                if (count.isEmpty()) {
                    return -1;
                }
                total += count.getAsLong();
            }
        }
        return total;
    }

    private long leaderRssKib() throws Exception {
        LeaderInformation leader = client.awaitLeader(Component.DISPATCHER, WAIT);
        long pid = cluster.memberAt(leader.address()).pid();
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static void print(String label, List<Row> rows) {
        System.out.printf("%n%s: ms from the fault%n", label);
        System.out.println("| jobs | ZooKeeper writes/s | watches | leader RSS MiB | kill -9: published | kill -9: all"
                + " jobs running | planned: published | planned: all jobs running |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Row r : rows) {
            System.out.printf(
                    "| %d | %.1f | %s | %d | %s | %s | %s | %s |%s%n",
                    r.jobs(),
                    r.writesPerSecond(),
                    r.watches() < 0 ? "?" : Long.toString(r.watches()),
                    r.leaderRssKib() / 1024,
                    ms(r.crashPublishedMs()),
                    ms(r.crashRunningMs()),
                    ms(r.plannedPublishedMs()),
                    ms(r.plannedRunningMs()),
                    r.failed() == null ? "" : " failover failed: " + r.failed());
        }
    }

    private static String ms(double value) {
        return Double.isNaN(value) ? "-" : String.format("%.0f", value);
    }

    private static String arg(String[] args, String name, String fallback) {
        int i = Arrays.asList(args).indexOf(name);
        return i < 0 ? fallback : args[i + 1];
    }
}
