package org.hacp.cluster.process;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.Component;
import org.hacp.cluster.client.ClusterClient;
import org.hacp.cluster.client.ClusterSession;
import org.hacp.cluster.dispatcher.DispatcherGateway;
import org.hacp.cluster.job.JobSpec;
import org.hacp.cluster.job.JobStatus;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway.RegisteredTaskExecutor;
import org.hacp.config.ConfigReader;
import org.hacp.ha.HaConfig;
import org.hacp.leader.LeaderInformation;
import org.hacp.threads.CommandExit;

/**
 * The quick-start job: a local cluster of real processes (a ZooKeeper server, 3 JobManagers, 2
 * TaskExecutors), a submitted job, {@code kill -9} of the leader JobManager, and the failover as
 * it happens: new leader and epoch, TaskExecutors re-registered, the job resumed from its last
 * checkpoint and completed once. Then everything shuts down. Exit 0 when the job completed.
 */
public final class FailoverDemo {
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(60);

    private final long start = System.nanoTime();
    private volatile long killedAt;

    private FailoverDemo() {}

    public static void main(String[] args) {
        String classpath = args.length > 0 ? args[0] : System.getProperty("java.class.path");
        CommandExit.run(() -> runOnce(classpath) ? 0 : 1);
    }

    /** Runs the whole demo with child JVMs on {@code classpath}; true when the job completed after the failover. */
    public static boolean runOnce(String classpath) throws Exception {
        return new FailoverDemo().run(classpath);
    }

    private String stamp() {
        long now = System.nanoTime();
        String t = String.format("%5.1fs", (now - start) / 1e9);
        return killedAt == 0 ? t : t + String.format(" (kill +%.2fs)", (now - killedAt) / 1e9);
    }

    private void say(String label, String text) {
        System.out.printf("%s %-10s %s%n", stamp(), "[" + label + "]", text);
    }

    boolean run(String classpath) throws Exception {
        Path runDir =
                Path.of("run", "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try (LocalCluster cluster = LocalCluster.start(runDir, SESSION_TIMEOUT, classpath)) {
            say(
                    "cluster",
                    "ZooKeeper (real, embedded) at " + cluster.zooKeeperConnectString() + ", session timeout "
                            + SESSION_TIMEOUT.toMillis() + " ms; logs in " + runDir);
            // Five JVMs starting at once take ~20 s on two cores (20 runs, issue 28): say so before the wait.
            say("cluster", "starting 3 JobManager and 2 TaskExecutor processes (about 20 s on two cores)");
            List<CompletableFuture<LocalCluster.Member>> starting = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                starting.add(cluster.startJobManager("jobmanager-" + i));
            }
            for (int i = 1; i <= 2; i++) {
                starting.add(cluster.startTaskExecutor("taskexecutor-" + i, 2));
            }
            for (CompletableFuture<LocalCluster.Member> s : starting) {
                LocalCluster.Member m = s.get(90, TimeUnit.SECONDS);
                say("cluster", String.format("%-15s pid %-7d RPC %s", m.id(), m.pid(), m.rpcHostPort()));
            }
            say(
                    "cluster",
                    "RPC over mutual TLS, ZooKeeper over TLS with a SASL login and creator-only znodes, HTTPS"
                            + " status pages (throwaway CA in " + runDir.resolve("credentials") + ")");

            HaConfig ha = cluster.clientHaConfig(Duration.ofSeconds(2), Duration.ofSeconds(2));
            // The demo's result is in before its session closes: a close that fails is a WARN, never the demo's
            // failure.
            try (ClusterSession session = ClusterSession.open(
                    "demo-client",
                    ha,
                    cluster.clientRpcConfig("demo"),
                    ConfigReader.defaults(),
                    (component, leader) -> sayLeader(cluster, component, leader))) {
                return drive(cluster, session.client());
            } finally {
                say("cluster", "shutting down every process (SIGTERM)");
            }
        } finally {
            say("done", "all processes stopped");
        }
    }

    private boolean drive(LocalCluster cluster, ClusterClient client) throws Exception {
        LeaderInformation firstRm = client.awaitLeader(Component.RESOURCE_MANAGER, WAIT);
        awaitRegistered(client, firstRm.epoch(), 2);

        LeaderInformation leader = client.awaitLeader(Component.DISPATCHER, WAIT);
        DispatcherGateway gateway = client.dispatcher(leader).get(10, TimeUnit.SECONDS);
        String jobId = gateway.submitJob(new JobSpec("word-count", 4, 40, 100)).get(10, TimeUnit.SECONDS);
        say(
                "job",
                jobId
                        + " submitted: 4 tasks x 40 ticks of 100 ms; acknowledged after the fenced write to the HA job store");

        JobStatus status;
        do {
            Thread.sleep(500); // pacing the printout, not synchronization
            status = find(gateway, jobId);
            say("job", progress(status));
        } while (status == null || status.ticksCompleted() < status.totalTicks() / 4);

        LocalCluster.Member victim = cluster.memberAt(leader.address());
        say("fault", "kill -9 " + victim.id() + " (pid " + victim.pid() + "), the leader of epoch " + leader.epoch());
        killedAt = System.nanoTime();
        cluster.kill(victim);

        LeaderInformation next = client.awaitLeader(Component.DISPATCHER, l -> l.epoch() > leader.epoch(), WAIT);
        LeaderInformation nextRm =
                client.awaitLeader(Component.RESOURCE_MANAGER, l -> l.epoch() > firstRm.epoch(), WAIT);
        awaitRegistered(client, nextRm.epoch(), 2);
        DispatcherGateway successor = client.dispatcher(next).get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + WAIT.toNanos();
        int lastPrinted = -1;
        while (System.nanoTime() < deadline) {
            status = find(successor, jobId);
            if (status != null && status.ticksCompleted() != lastPrinted) {
                say("job", progress(status) + " on epoch " + next.epoch());
                lastPrinted = status.ticksCompleted();
            }
            if (status != null && status.finished()) {
                say("job", jobId + " completed after the failover; its result is in the HA result store, written once");
                return true;
            }
            Thread.sleep(500); // pacing the printout
        }
        say("job", "did not complete within 60 s after the failover");
        return false;
    }

    private void sayLeader(LocalCluster cluster, Component component, Optional<LeaderInformation> leader) {
        String who = leader.map(i -> {
                    LocalCluster.Member m = cluster.memberAt(i.address());
                    return (m == null ? i.address() : m.id()) + " at epoch " + i.epoch();
                })
                .orElse("no leader known");
        say("leader", String.format("%-15s %s", component + ":", who));
    }

    private void awaitRegistered(ClusterClient client, long epoch, int expected) throws Exception {
        List<RegisteredTaskExecutor> registered = ClusterClient.await(
                () -> {
                    LeaderInformation rm = client.leader(Component.RESOURCE_MANAGER);
                    if (rm == null || rm.epoch() != epoch) {
                        return null;
                    }
                    try {
                        List<RegisteredTaskExecutor> now =
                                client.taskExecutors(rm).get(5, TimeUnit.SECONDS);
                        return now.size() >= expected ? now : null;
                    } catch (Exception e) {
                        return null; // the leader may be moving; ask again
                    }
                },
                WAIT);
        say(
                "workers",
                registered.size() + " TaskExecutors registered with the ResourceManager of epoch " + epoch + ": "
                        + registered.stream()
                                .map(RegisteredTaskExecutor::taskExecutorId)
                                .toList());
    }

    private static JobStatus find(DispatcherGateway gateway, String jobId) {
        try {
            return gateway.listJobs().get(5, TimeUnit.SECONDS).stream()
                    .filter(j -> j.jobId().equals(jobId))
                    .findFirst()
                    .orElse(null);
        } catch (Exception e) {
            return null;
        }
    }

    private static String progress(JobStatus s) {
        if (s == null) {
            return "progress unknown (leader moving)";
        }
        int pct = 100 * s.ticksCompleted() / s.totalTicks();
        String bar = "#".repeat(pct / 5) + ".".repeat(20 - pct / 5);
        return String.format("%s %3d%% (%d/%d ticks)", bar, pct, s.ticksCompleted(), s.totalTicks());
    }
}
