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
import java.util.concurrent.atomic.AtomicReference;
import org.hacp.cluster.dispatcher.DispatcherGateway;
import org.hacp.cluster.job.JobSpec;
import org.hacp.cluster.job.JobStatus;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;
import org.hacp.config.ConfigReader;
import org.hacp.ha.HaConfig;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeaderRetrievalListener;
import org.hacp.leader.LeaderRetrievalService;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.pekko.PekkoRpcService;

/**
 * The quick-start job: a local cluster of real processes (a ZooKeeper server, 3 JobManagers, 2
 * TaskExecutors), a submitted job, {@code kill -9} of the leader JobManager, and the failover as
 * it happens: new leader and epoch, TaskExecutors re-registered, the job resumed from its last
 * checkpoint and completed once. Then everything shuts down. Exit 0 when the job completed.
 */
public final class FailoverDemo {
    private static final Duration SESSION_TIMEOUT = Duration.ofSeconds(2);

    private final long start = System.nanoTime();
    private volatile long killedAt;

    private FailoverDemo() {}

    public static void main(String[] args) throws Exception {
        String classpath = args.length > 0 ? args[0] : System.getProperty("java.class.path");
        System.exit(runOnce(classpath) ? 0 : 1);
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

            HaConfig ha = HaConfig.from(ConfigReader.parse(
                    "hacp.ha { cluster-id = local, zookeeper { connect-string = \"" + cluster.zooKeeperConnectString()
                            + "\", session-timeout = 2s, connection-timeout = 1s } }"));
            try (ZooKeeperHaServices client = ZooKeeperHaServices.start(ha, "demo-client", e -> {})) {
                PekkoRpcService rpc = PekkoRpcService.createRemote(RpcConfig.defaults());
                try {
                    return drive(cluster, client, rpc);
                } finally {
                    rpc.closeAsync().get(30, TimeUnit.SECONDS);
                    say("cluster", "shutting down every process (SIGTERM)");
                }
            }
        } finally {
            say("done", "all processes stopped");
        }
    }

    private boolean drive(LocalCluster cluster, ZooKeeperHaServices client, PekkoRpcService rpc) throws Exception {
        AtomicReference<LeaderInformation> dispatcher = follow(client, "dispatcher", cluster);
        AtomicReference<LeaderInformation> resourceManager = follow(client, "resourcemanager", cluster);
        LeaderInformation firstRm = LocalCluster.await(() -> resourceManager.get(), 30);
        awaitRegistered(rpc, resourceManager, firstRm.epoch(), 2);

        LeaderInformation leader = LocalCluster.await(() -> dispatcher.get(), 30);
        DispatcherGateway gateway = rpc.connect(leader.address(), leader.token(), DispatcherGateway.class)
                .get(10, TimeUnit.SECONDS);
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

        LeaderInformation next = LocalCluster.await(
                () -> {
                    LeaderInformation now = dispatcher.get();
                    return now != null && now.epoch() > leader.epoch() ? now : null;
                },
                60);
        LeaderInformation nextRm = LocalCluster.await(
                () -> {
                    LeaderInformation now = resourceManager.get();
                    return now != null && now.epoch() > firstRm.epoch() ? now : null;
                },
                60);
        awaitRegistered(rpc, resourceManager, nextRm.epoch(), 2);
        DispatcherGateway successor = rpc.connect(next.address(), next.token(), DispatcherGateway.class)
                .get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
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

    private AtomicReference<LeaderInformation> follow(
            ZooKeeperHaServices client, String component, LocalCluster cluster) {
        AtomicReference<LeaderInformation> leader = new AtomicReference<>();
        LeaderRetrievalService retrieval = client.leaderRetriever(component);
        retrieval.start(new LeaderRetrievalListener() {
            @Override
            public void notifyLeaderAddress(Optional<LeaderInformation> info) {
                leader.set(info.orElse(null));
                String who = info.map(i -> {
                            LocalCluster.Member m = cluster.memberAt(i.address());
                            return (m == null ? i.address() : m.id()) + " at epoch " + i.epoch();
                        })
                        .orElse("no leader known");
                say("leader", String.format("%-15s %s", component + ":", who));
            }

            @Override
            public void handleError(Exception error) {
                say("leader", component + ": " + error.getMessage());
            }
        });
        return leader;
    }

    private void awaitRegistered(PekkoRpcService rpc, AtomicReference<LeaderInformation> rm, long epoch, int expected)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            LeaderInformation info = rm.get();
            if (info != null && info.epoch() == epoch) {
                try {
                    ResourceManagerGateway gateway = rpc.connect(info.address(), ResourceManagerGateway.class)
                            .get(5, TimeUnit.SECONDS);
                    var status = gateway.status().get(5, TimeUnit.SECONDS);
                    if (status.taskExecutors().size() >= expected) {
                        say(
                                "workers",
                                status.taskExecutors().size()
                                        + " TaskExecutors registered with the ResourceManager of epoch " + epoch + ": "
                                        + status.taskExecutors().stream()
                                                .map(ResourceManagerGateway.RegisteredTaskExecutor::taskExecutorId)
                                                .toList());
                        return;
                    }
                } catch (Exception e) {
                    // the leader may be moving; ask again
                }
            }
            Thread.sleep(100); // polling an external system's state
        }
        throw new IllegalStateException("TaskExecutors did not register at epoch " + epoch);
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
