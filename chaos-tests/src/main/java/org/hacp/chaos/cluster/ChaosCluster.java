package org.hacp.chaos.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hacp.chaos.clock.FakeTime;
import org.hacp.chaos.net.FaultProxy;
import org.hacp.cluster.client.ClusterClient;
import org.hacp.cluster.client.ClusterSession;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.jobmanager.JobManager;
import org.hacp.cluster.process.LocalCluster;
import org.hacp.cluster.process.MemberSpec;
import org.hacp.cluster.process.ProcessOptions;
import org.hacp.cluster.process.Role;
import org.hacp.cluster.process.Setting;
import org.hacp.fencing.FencedRpcEndpoint;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.net.FreePorts;

/**
 * The system under test of the chaos suite: a 3-server ZooKeeper ensemble, JobManager and
 * TaskExecutor processes, and a {@link FaultProxy} on every link that matters — each node to
 * each ZooKeeper server, and each node's inbound RPC (it binds one port and advertises the
 * proxy's). Faults go through its {@link #nemesis()}, the harness's own calls through its
 * {@link #client()}; both record what they do in the run directory's {@code nemesis.events.jsonl}.
 * An observer outside the proxies follows the leaders.
 *
 * <p>Limit: RPC proxies are per receiving node, so a cut node's outgoing messages still reach
 * peers whose inbound link is healthy; partition shapes are built from these one-way cuts.
 */
public final class ChaosCluster implements ChaosTarget<ChaosNode>, AutoCloseable {
    /** The process id under which the nemesis and the harness record their steps. */
    public static final String HARNESS_PROCESS = "nemesis";

    /**
     * What to start. The unsafe switches exist only for the proof that the checker catches broken
     * fencing; with {@code clockFaults} every process runs with a wall clock of its own that the
     * nemesis can skew ({@link FakeTime}, issue 33).
     */
    public record Options(
            Duration sessionTimeout,
            int jobManagers,
            int taskExecutors,
            int slots,
            boolean unsafeDisableFencing,
            boolean unsafeIgnoreRevoke,
            boolean clockFaults) {
        /**
         * The session timeout under which a leader's own ZooKeeper connection reliably comes back
         * within T after a blip of T/2 or an election inside the ensemble. ZooKeeper's client sleeps up
         * to 1 s before every reconnect attempt and 1 s more after trying every server, and Curator
         * declares a session LOST after T of suspension: in 24 drills of zk-quorum-leader-change,
         * reconnecting took up to 2.6 s after the ensemble's election, and 7 of 120 suspensions
         * outlasted T = 2 s or 3 s, the leader's among them (issue 30; docs/measurements.md).
         */
        public static final Duration BLIP_SESSION_TIMEOUT = Duration.ofSeconds(6);

        public static Options defaults() {
            return new Options(Duration.ofSeconds(3), 3, 2, 2, false, false, false);
        }

        public Options withSessionTimeout(Duration timeout) {
            return new Options(
                    timeout, jobManagers, taskExecutors, slots, unsafeDisableFencing, unsafeIgnoreRevoke, clockFaults);
        }

        public Options unsafe() {
            return new Options(sessionTimeout, jobManagers, taskExecutors, slots, true, true, clockFaults);
        }

        /** The same options with a wall clock of its own for every process. */
        public Options withClockFaults() {
            return new Options(
                    sessionTimeout, jobManagers, taskExecutors, slots, unsafeDisableFencing, unsafeIgnoreRevoke, true);
        }
    }

    private final Options options;
    private final LocalCluster cluster;
    private final Path runDir;
    private final EventLog harnessLog;
    private final Map<String, ChaosNode> nodes = new LinkedHashMap<>();
    private final List<FaultProxy> proxies = new ArrayList<>();
    private final ClusterSession observer;
    private final Nemesis nemesis;
    private final HarnessClient<ChaosNode> client;

    private ChaosCluster(Options options, LocalCluster cluster, Path runDir) throws IOException {
        this.options = options;
        this.cluster = cluster;
        this.runDir = runDir;
        this.harnessLog = EventLog.open(runDir.resolve(HARNESS_PROCESS + ".events.jsonl"), HARNESS_PROCESS);
        this.observer = ClusterSession.open(
                "observer",
                cluster.clientHaConfig(options.sessionTimeout(), Duration.ofSeconds(1)),
                cluster.clientRpcConfig(HARNESS_PROCESS).withAskTimeout(Duration.ofSeconds(3)));
        this.nemesis = new Nemesis(this, harnessLog);
        this.client = new HarnessClient<>(this, harnessLog);
    }

    /** Starts ZooKeeper, the proxies and every process; returns once all are ready and both leaders are published. */
    public static ChaosCluster start(Path runDir, String classpath, Options options) throws Exception {
        if (options.clockFaults()) {
            FakeTime.requireLibrary(); // before anything starts: nothing to clean up
        }
        deleteRecursively(runDir); // event logs append: a previous run's would join this history
        ChaosCluster chaos =
                new ChaosCluster(options, LocalCluster.start(runDir, options.sessionTimeout(), classpath, 3), runDir);
        try {
            List<CompletableFuture<?>> started = new ArrayList<>();
            for (int i = 1; i <= options.jobManagers(); i++) {
                started.add(chaos.addNode("jm-" + i, Role.JOB_MANAGER, List.of()));
            }
            for (int i = 1; i <= options.taskExecutors(); i++) {
                started.add(chaos.addNode(
                        "te-" + i, Role.TASK_EXECUTOR, List.of("--slots", Integer.toString(options.slots()))));
            }
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            chaos.client.awaitSettled(Duration.ofSeconds(60));
            chaos.nemesis.started(options.sessionTimeout());
            return chaos;
        } catch (Exception e) {
            chaos.close();
            throw e;
        }
    }

    /** Deletes {@code dir} and everything in it, if it exists. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private CompletableFuture<LocalCluster.Member> addNode(String id, Role role, List<String> extraArgs)
            throws IOException {
        int bindPort = FreePorts.loopbackBelowEphemeral();
        FaultProxy inbound = proxy(id + "-rpc-in", bindPort);
        List<FaultProxy> zooKeeperLinks = new ArrayList<>();
        for (String server : cluster.zooKeeperConnectString().split(",")) {
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            zooKeeperLinks.add(proxy(id + "-zk-" + port, port));
        }
        ChaosNode node = new ChaosNode(id, role, bindPort, inbound, zooKeeperLinks, extraArgs);
        nodes.put(id, node);
        return launch(node);
    }

    private FaultProxy proxy(String name, int targetPort) throws IOException {
        FaultProxy p = new FaultProxy(name, targetPort);
        proxies.add(p);
        return p;
    }

    /** Starts (or starts again) {@code node}'s process, its traffic routed through its proxies. */
    CompletableFuture<LocalCluster.Member> launch(ChaosNode node) {
        String connect = String.join(
                ",",
                node.zooKeeperLinks.stream().map(p -> "127.0.0.1:" + p.port()).toList());
        List<String> jvm = new ArrayList<>(List.of("-D" + ProcessOptions.SESSION_EXPIRY_ON_SIGUSR1 + "=true"));
        if (options.unsafeDisableFencing()) {
            jvm.add("-D" + FencedRpcEndpoint.UNSAFE_DISABLE_FENCING + "=true");
        }
        if (options.unsafeIgnoreRevoke()) {
            jvm.add("-D" + JobManager.UNSAFE_IGNORE_REVOKE + "=true");
        }
        MemberSpec spec = MemberSpec.of(node.id, node.role, cluster.commonSettings())
                .with(Setting.ZOOKEEPER_CONNECT_STRING, connect)
                .with(Setting.RPC_BIND_PORT, Integer.toString(node.bindPort))
                .with(Setting.RPC_ADVERTISED_PORT, Integer.toString(node.inbound.port()))
                .with(Setting.RPC_ASK_TIMEOUT, "2s")
                .withJvmOptions(jvm)
                .withArgs(node.extraArgs);
        if (options.clockFaults()) {
            try {
                spec = spec.withEnvironment(FakeTime.environment(FakeTime.requireLibrary(), clockControl(node)));
            } catch (IOException | IllegalStateException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return cluster.launch(spec).thenApply(m -> {
            node.member = m;
            return m;
        });
    }

    /** The file {@code node}'s wall clock follows, with clock faults on. */
    Path clockControl(ChaosNode node) {
        return runDir.resolve(node.id + ".faketime");
    }

    // ---------------------------------------------------------------- parts and observation

    /** The faults: every action is recorded before it is taken. */
    public Nemesis nemesis() {
        return nemesis;
    }

    /** The harness's own view and calls: leaders, settling, job submissions. */
    public HarnessClient<ChaosNode> client() {
        return client;
    }

    public Options options() {
        return options;
    }

    public Path runDir() {
        return runDir;
    }

    public List<ChaosNode> nodes() {
        return List.copyOf(nodes.values());
    }

    public ChaosNode node(String id) {
        ChaosNode n = nodes.get(id);
        if (n == null) {
            throw new IllegalArgumentException("no node '" + id + "'; nodes: " + nodes.keySet());
        }
        return n;
    }

    @Override
    public List<ChaosNode> jobManagers() {
        return nodes.values().stream().filter(n -> n.role == Role.JOB_MANAGER).toList();
    }

    public List<ChaosNode> taskExecutors() {
        return nodes.values().stream().filter(n -> n.role == Role.TASK_EXECUTOR).toList();
    }

    LocalCluster localCluster() {
        return cluster;
    }

    @Override
    public int taskExecutorCount() {
        return options.taskExecutors();
    }

    @Override
    public ZooKeeperHaServices observer() {
        return observer.ha();
    }

    @Override
    public ClusterClient clusterClient() {
        return observer.client();
    }

    List<FaultProxy> proxies() {
        return proxies;
    }

    @Override
    public void close() throws Exception {
        nemesis.resumeAll();
        observer.close();
        cluster.close();
        for (FaultProxy p : proxies) {
            p.close();
        }
        harnessLog.close();
    }
}
