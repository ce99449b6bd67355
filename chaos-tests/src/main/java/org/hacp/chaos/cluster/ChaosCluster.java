package org.hacp.chaos.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.curator.test.InstanceSpec;
import org.hacp.chaos.net.FaultProxy;
import org.hacp.cluster.dispatcher.DispatcherGateway;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.job.JobRecord;
import org.hacp.cluster.job.JobSpec;
import org.hacp.cluster.jobmanager.JobManager;
import org.hacp.cluster.process.JobManagerProcess;
import org.hacp.cluster.process.LocalCluster;
import org.hacp.cluster.process.TaskExecutorProcess;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;
import org.hacp.config.ConfigReader;
import org.hacp.fencing.FencedRpcEndpoint;
import org.hacp.ha.HaConfig;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.leader.LatestLeader;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeaderRetrievalService;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.pekko.PekkoRpcService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system under test of the chaos suite: a 3-server ZooKeeper ensemble, JobManager and
 * TaskExecutor processes, and a {@link FaultProxy} on every link that matters — each node to
 * each ZooKeeper server, and each node's inbound RPC (it binds one port and advertises the
 * proxy's). The nemesis acts through this class and every action it takes is recorded in the
 * run directory's {@code nemesis.events.jsonl}; the harness's own client calls (job submissions)
 * are recorded there too. An observer outside the proxies follows the leaders.
 *
 * <p>Limit: RPC proxies are per receiving node, so a cut node's outgoing messages still reach
 * peers whose inbound link is healthy; partition shapes are built from these one-way cuts.
 */
public final class ChaosCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ChaosCluster.class);

    /** What to start. The unsafe switches exist only for the proof that the checker catches broken fencing. */
    public record Options(
            Duration sessionTimeout,
            int jobManagers,
            int taskExecutors,
            int slots,
            boolean unsafeDisableFencing,
            boolean unsafeIgnoreRevoke) {
        public static Options defaults() {
            return new Options(Duration.ofSeconds(3), 3, 2, 2, false, false);
        }

        public Options unsafe() {
            return new Options(sessionTimeout, jobManagers, taskExecutors, slots, true, true);
        }
    }

    /** One process and its links. */
    public static final class Node {
        final String id;
        final String role;
        final int bindPort;
        final FaultProxy inbound;
        final List<FaultProxy> zooKeeperLinks;
        final List<String> extraArgs;
        volatile LocalCluster.Member member;
        volatile boolean paused;

        Node(
                String id,
                String role,
                int bindPort,
                FaultProxy inbound,
                List<FaultProxy> zooKeeperLinks,
                List<String> extraArgs) {
            this.id = id;
            this.role = role;
            this.bindPort = bindPort;
            this.inbound = inbound;
            this.zooKeeperLinks = zooKeeperLinks;
            this.extraArgs = extraArgs;
        }

        public String id() {
            return id;
        }

        public String role() {
            return role;
        }

        public boolean alive() {
            LocalCluster.Member m = member;
            return m != null && m.process().isAlive();
        }
    }

    private final Options options;
    private final LocalCluster cluster;
    private final Path runDir;
    private final EventLog nemesis;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<FaultProxy> proxies = new ArrayList<>();
    private final ZooKeeperHaServices observer;
    private final PekkoRpcService client;
    private final Map<String, LatestLeader> leaders = new LinkedHashMap<>();
    private final List<LeaderRetrievalService> retrievals = new ArrayList<>();
    private final List<String> acknowledgedJobs = new ArrayList<>();

    private ChaosCluster(
            Options options,
            LocalCluster cluster,
            Path runDir,
            EventLog nemesis,
            ZooKeeperHaServices observer,
            PekkoRpcService client) {
        this.options = options;
        this.cluster = cluster;
        this.runDir = runDir;
        this.nemesis = nemesis;
        this.observer = observer;
        this.client = client;
    }

    /** Starts ZooKeeper, the proxies and every process; returns once all are ready and both leaders are published. */
    public static ChaosCluster start(Path runDir, String classpath, Options options) throws Exception {
        deleteRecursively(runDir); // event logs append: a previous run's would join this history
        LocalCluster cluster = LocalCluster.start(runDir, options.sessionTimeout(), classpath, 3);
        EventLog nemesis = EventLog.open(runDir.resolve("nemesis.events.jsonl"), "nemesis");
        HaConfig observerConfig =
                HaConfig.from(ConfigReader.parse("hacp.ha { cluster-id = local, zookeeper { connect-string = \""
                        + cluster.zooKeeperConnectString() + "\", session-timeout = "
                        + options.sessionTimeout().toMillis()
                        + "ms, connection-timeout = 1s } }"));
        ChaosCluster chaos = new ChaosCluster(
                options,
                cluster,
                runDir,
                nemesis,
                ZooKeeperHaServices.start(observerConfig, "observer", e -> {}),
                PekkoRpcService.createRemote(RpcConfig.defaults().withAskTimeout(Duration.ofSeconds(3))));
        try {
            chaos.follow("dispatcher");
            chaos.follow("resourcemanager");
            List<CompletableFuture<?>> started = new ArrayList<>();
            for (int i = 1; i <= options.jobManagers(); i++) {
                started.add(chaos.addNode("jm-" + i, "jobmanager", List.of()));
            }
            for (int i = 1; i <= options.taskExecutors(); i++) {
                started.add(chaos.addNode(
                        "te-" + i, "taskexecutor", List.of("--slots", Integer.toString(options.slots()))));
            }
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            chaos.awaitSettled(Duration.ofSeconds(60));
            chaos.nemesis.record(
                    "nemesis",
                    "f",
                    "start",
                    "phase",
                    "info",
                    "sessionTimeoutMillis",
                    options.sessionTimeout().toMillis());
            return chaos;
        } catch (Exception e) {
            chaos.close();
            throw e;
        }
    }

    /** Deletes {@code dir} and everything in it, if it exists. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.delete(p);
            }
        }
    }

    private void follow(String component) {
        LatestLeader leader = new LatestLeader(component);
        leaders.put(component, leader);
        LeaderRetrievalService retrieval = observer.leaderRetriever(component);
        retrievals.add(retrieval);
        retrieval.start(leader);
    }

    private CompletableFuture<LocalCluster.Member> addNode(String id, String role, List<String> extraArgs)
            throws IOException {
        int bindPort = freePort();
        FaultProxy inbound = proxy(id + "-rpc-in", bindPort);
        List<FaultProxy> zooKeeperLinks = new ArrayList<>();
        for (String server : cluster.zooKeeperConnectString().split(",")) {
            int port = Integer.parseInt(server.substring(server.lastIndexOf(':') + 1));
            zooKeeperLinks.add(proxy(id + "-zk-" + port, port));
        }
        Node node = new Node(id, role, bindPort, inbound, zooKeeperLinks, extraArgs);
        nodes.put(id, node);
        return launch(node);
    }

    private FaultProxy proxy(String name, int targetPort) throws IOException {
        FaultProxy p = new FaultProxy(name, targetPort);
        proxies.add(p);
        return p;
    }

    private CompletableFuture<LocalCluster.Member> launch(Node node) {
        List<String> settings = new ArrayList<>();
        String connect = String.join(
                ",",
                node.zooKeeperLinks.stream().map(p -> "127.0.0.1:" + p.port()).toList());
        for (String s : cluster.commonSettings()) {
            settings.add(
                    s.startsWith("hacp.ha.zookeeper.connect-string=")
                            ? "hacp.ha.zookeeper.connect-string=" + connect
                            : s);
        }
        settings.add("hacp.rpc.bind-port=" + node.bindPort);
        settings.add("hacp.rpc.advertised-port=" + node.inbound.port());
        settings.add("hacp.rpc.ask-timeout=2s");
        List<String> jvm = new ArrayList<>(
                List.of("-D" + org.hacp.cluster.process.ProcessOptions.SESSION_EXPIRY_ON_SIGUSR1 + "=true"));
        if (options.unsafeDisableFencing()) {
            jvm.add("-D" + FencedRpcEndpoint.UNSAFE_DISABLE_FENCING + "=true");
        }
        if (options.unsafeIgnoreRevoke()) {
            jvm.add("-D" + JobManager.UNSAFE_IGNORE_REVOKE + "=true");
        }
        String main = node.role.equals("jobmanager")
                ? JobManagerProcess.class.getName()
                : TaskExecutorProcess.class.getName();
        return cluster.launch(node.id, node.role, main, jvm, settings, node.extraArgs)
                .thenApply(m -> {
                    node.member = m;
                    return m;
                });
    }

    /**
     * A port for a node to bind, below Linux's ephemeral range (32768+): a port picked from the
     * ephemeral range can be taken by some outgoing connection before the child binds it.
     */
    private static synchronized int freePort() throws IOException {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20_000 + random.nextInt(12_000);
            if (!TAKEN.add(port)) {
                continue;
            }
            try (ServerSocket s = new ServerSocket()) {
                s.setReuseAddress(true);
                s.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
                return port;
            } catch (IOException inUse) {
                // someone else's; try another
            }
        }
        throw new IOException("no free port in 20000..31999 after 200 attempts");
    }

    private static final java.util.Set<Integer> TAKEN = new java.util.HashSet<>();

    // ---------------------------------------------------------------- observation

    public Options options() {
        return options;
    }

    public Path runDir() {
        return runDir;
    }

    public List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    public Node node(String id) {
        Node n = nodes.get(id);
        if (n == null) {
            throw new IllegalArgumentException("no node '" + id + "'; nodes: " + nodes.keySet());
        }
        return n;
    }

    public List<Node> jobManagers() {
        return nodes.values().stream().filter(n -> n.role.equals("jobmanager")).toList();
    }

    public List<Node> taskExecutors() {
        return nodes.values().stream()
                .filter(n -> n.role.equals("taskexecutor"))
                .toList();
    }

    /** The leader information of {@code component} the observer sees now, or null. */
    public LeaderInformation leaderOf(String component) {
        return leaders.get(component).get();
    }

    /** The JobManager node whose address the dispatcher leader information names, or null. */
    public Node leaderNode() {
        LeaderInformation info = leaderOf("dispatcher");
        if (info == null) {
            return null;
        }
        return nodes.values().stream()
                .filter(n -> info.address().contains(":" + n.inbound.port() + "/"))
                .findFirst()
                .orElse(null);
    }

    /** The dispatcher epoch the observer sees now (-1 without a leader). */
    public long dispatcherEpoch() {
        LeaderInformation info = leaderOf("dispatcher");
        return info == null ? -1 : info.epoch();
    }

    /** Waits until the observer sees a dispatcher leader above {@code epoch}; records and returns whether one came. */
    public boolean awaitLeaderAbove(long epoch, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (dispatcherEpoch() > epoch) {
                nemesis.record("client", "f", "new-leader", "phase", "ok", "epoch", dispatcherEpoch());
                return true;
            }
            Thread.sleep(50); // polling ZooKeeper through the observer
        }
        nemesis.record("client", "f", "new-leader", "phase", "fail", "above", epoch);
        return false;
    }

    /** The JobManagers that do not lead now. */
    public List<Node> followers() {
        Node leader = leaderNode();
        return jobManagers().stream().filter(n -> n != leader).toList();
    }

    /**
     * Waits until both components have a leader on one live, unpaused node and its
     * ResourceManager has every TaskExecutor registered; records the outcome as {@code settled}
     * (ok with the epoch, or fail naming what was missing). Returns whether it settled in time.
     */
    public boolean awaitSettled(Duration within) throws InterruptedException {
        return awaitRecorded("settled", within, false);
    }

    /** Waits until every acknowledged job is finished in the HA job store; records {@code jobs-finished}. */
    public boolean awaitJobsFinished(Duration within) throws InterruptedException {
        return awaitRecorded("jobs-finished", within, true);
    }

    private boolean awaitRecorded(String what, Duration within, boolean jobs) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = problem(jobs);
            if (last == null) {
                nemesis.record(
                        "settled",
                        "f",
                        what,
                        "phase",
                        "ok",
                        "epoch",
                        leaderOf("resourcemanager").epoch());
                return true;
            }
            Thread.sleep(100); // polling other processes, not synchronization
        }
        nemesis.record("settled", "f", what, "phase", "fail", "problem", last);
        LOG.warn("{}: not within {} ms: {}", what, within.toMillis(), last);
        return false;
    }

    private String problem(boolean jobs) {
        LeaderInformation dispatcher = leaderOf("dispatcher");
        LeaderInformation rm = leaderOf("resourcemanager");
        if (dispatcher == null || rm == null) {
            return "no leader published";
        }
        Node leader = leaderNode();
        if (leader == null || !leader.alive() || leader.paused) {
            return "the published leader is not a live node";
        }
        if (!rm.address().contains(":" + leader.inbound.port() + "/")) {
            return "dispatcher and resourcemanager lead on different nodes";
        }
        try {
            if (!jobs) {
                ResourceManagerGateway gateway = client.connect(rm.address(), rm.token(), ResourceManagerGateway.class)
                        .get(3, TimeUnit.SECONDS);
                var status = gateway.status().get(3, TimeUnit.SECONDS);
                int expected = options.taskExecutors();
                if (status.token() == null
                        || status.token().epoch() != rm.epoch()
                        || status.taskExecutors().size() < expected) {
                    return "resourcemanager at epoch " + rm.epoch() + " has "
                            + status.taskExecutors().size() + "/" + expected + " TaskExecutors";
                }
                return null;
            }
            // The HA store, not the leader's view: a job counts as finished once its final record and result are
            // durable.
            synchronized (acknowledgedJobs) {
                for (String job : acknowledgedJobs) {
                    Optional<JobRecord> stored =
                            observer.stateStore("dispatcher").get(JobRecord.storeKey(job), JobRecord.class);
                    if (stored.isEmpty()
                            || !stored.get().finished()
                            || observer.stateStore("dispatcher")
                                    .get(JobRecord.resultKey(job), Map.class)
                                    .isEmpty()) {
                        return "job " + job + " not finished in the HA job store yet";
                    }
                }
            }
            return null;
        } catch (Exception e) {
            return "leader not answering: " + e.getMessage();
        }
    }

    // ---------------------------------------------------------------- client operations

    /** Submits a job to the dispatcher leader, retrying until acknowledged; records invoke and ok/fail. */
    public String submit(JobSpec spec, Duration within) throws InterruptedException {
        nemesis.record("client", "f", "submit", "phase", "invoke", "name", spec.name());
        long deadline = System.nanoTime() + within.toNanos();
        String error = "no dispatcher leader";
        while (System.nanoTime() < deadline) {
            LeaderInformation leader = leaderOf("dispatcher");
            if (leader != null) {
                try {
                    DispatcherGateway d = client.connect(leader.address(), leader.token(), DispatcherGateway.class)
                            .get(3, TimeUnit.SECONDS);
                    String jobId = d.submitJob(spec).get(5, TimeUnit.SECONDS);
                    synchronized (acknowledgedJobs) {
                        acknowledgedJobs.add(jobId);
                    }
                    nemesis.record("client", "f", "submit", "phase", "ok", "job", jobId, "epoch", leader.epoch());
                    return jobId;
                } catch (Exception e) {
                    error = e.getMessage();
                }
            }
            Thread.sleep(100); // retrying against another process
        }
        nemesis.record("client", "f", "submit", "phase", "fail", "error", String.valueOf(error));
        return null;
    }

    /** Records what the HA job store holds for every acknowledged job (the checker's "lost" test). */
    public void recordFinalJobs() {
        List<String> jobs;
        synchronized (acknowledgedJobs) {
            jobs = List.copyOf(acknowledgedJobs);
        }
        for (String job : jobs) {
            try {
                Optional<JobRecord> stored =
                        observer.stateStore("dispatcher").get(JobRecord.storeKey(job), JobRecord.class);
                nemesis.record(
                        "client",
                        "f",
                        "final-job",
                        "phase",
                        "ok",
                        "job",
                        job,
                        "stored",
                        stored.isPresent(),
                        "finished",
                        stored.map(JobRecord::finished).orElse(false),
                        "ticks",
                        stored.map(JobRecord::ticksCompleted).orElse(0));
            } catch (Exception e) {
                nemesis.record(
                        "client",
                        "f",
                        "final-job",
                        "phase",
                        "fail",
                        "job",
                        job,
                        "error",
                        String.valueOf(e.getMessage()));
            }
        }
    }

    // ---------------------------------------------------------------- faults (the nemesis)

    private void act(String f, String phase, Object... details) {
        Object[] kv = new Object[details.length + 4];
        kv[0] = "f";
        kv[1] = f;
        kv[2] = "phase";
        kv[3] = phase;
        System.arraycopy(details, 0, kv, 4, details.length);
        nemesis.record("nemesis", kv);
        LOG.info("nemesis: {} {} {}", f, phase, java.util.Arrays.toString(details));
    }

    /** SIGKILL. */
    public void kill(Node node) throws InterruptedException {
        act("kill", "start", "node", node.id);
        resumeIfPaused(node);
        cluster.kill(node.member);
    }

    /** SIGTERM: a clean stop. */
    public void terminate(Node node) throws InterruptedException {
        act("terminate", "start", "node", node.id);
        cluster.terminate(node.member);
    }

    /** Starts a stopped node again with the same id, ports and links. */
    public void restart(Node node) throws Exception {
        act("restart", "start", "node", node.id);
        launch(node).get(90, TimeUnit.SECONDS);
        act("restart", "end", "node", node.id);
    }

    /** SIGSTOP: the process freezes (a long GC pause, a stalled VM). */
    public void pause(Node node) throws Exception {
        act("pause", "start", "node", node.id);
        signal(node, "-STOP");
        node.paused = true;
    }

    /** SIGCONT. */
    public void resume(Node node) throws Exception {
        signal(node, "-CONT");
        node.paused = false;
        act("pause", "end", "node", node.id);
    }

    private void resumeIfPaused(Node node) {
        if (node.paused) {
            try {
                resume(node);
            } catch (Exception e) {
                LOG.warn("Could not resume {}: {}", node.id, e.toString());
            }
        }
    }

    private static void signal(Node node, String signal) throws Exception {
        ProcessSignals.send(node.member.pid(), signal);
    }

    /** The node's ZooKeeper client sees its session expire (injected through its test-only SIGUSR1 hook). */
    public void expireSession(Node node) throws Exception {
        act("session-expiry", "start", "node", node.id);
        signal(node, "-USR1");
        act("session-expiry", "end", "node", node.id);
    }

    /** Cuts {@code node} from every ZooKeeper server (both directions, or only its requests). */
    public void cutFromZooKeeper(Node node, boolean oneWay) {
        act("partition-zk", "start", "node", node.id, "oneWay", oneWay);
        for (FaultProxy p : node.zooKeeperLinks) {
            if (oneWay) {
                p.blackhole(FaultProxy.Direction.UPSTREAM);
            } else {
                p.blackhole();
            }
        }
    }

    /** Nobody can send RPCs to these nodes (their own outgoing messages still reach healthy peers). */
    public void cutInbound(List<Node> cut) {
        act(
                "partition-rpc",
                "start",
                "nodes",
                String.join(",", cut.stream().map(n -> n.id).toList()));
        cut.forEach(n -> n.inbound.blackhole());
    }

    /** Isolates nodes: cut from ZooKeeper and from inbound RPC. */
    public void isolate(List<Node> cut) {
        act(
                "isolate",
                "start",
                "nodes",
                String.join(",", cut.stream().map(n -> n.id).toList()));
        for (Node n : cut) {
            n.inbound.blackhole();
            n.zooKeeperLinks.forEach(FaultProxy::blackhole);
        }
    }

    /** Latency with jitter on every ZooKeeper link. */
    public void zooKeeperLatency(Duration latency, Duration jitter) {
        act("latency-zk", "start", "latencyMillis", latency.toMillis(), "jitterMillis", jitter.toMillis());
        nodes.values().forEach(n -> n.zooKeeperLinks.forEach(p -> p.latency(latency, jitter)));
    }

    /** Resets every open connection of {@code node} (ZooKeeper and inbound RPC): messages in flight are lost. */
    public void resetConnections(Node node) {
        act("reset", "start", "node", node.id);
        node.zooKeeperLinks.forEach(FaultProxy::reset);
        node.inbound.reset();
    }

    /** Resumes every paused process and restarts every dead one. */
    public void restoreProcesses() throws Exception {
        for (Node n : nodes.values()) {
            resumeIfPaused(n);
            if (!n.alive()) {
                restart(n);
            }
        }
    }

    /** Removes every network fault. */
    public void heal() {
        proxies.forEach(FaultProxy::heal);
        act("heal", "end");
    }

    /** The ZooKeeper servers, in connect-string order. */
    public List<InstanceSpec> zooKeeperServers() {
        List<InstanceSpec> servers = new ArrayList<>();
        for (String server : cluster.zooKeeperConnectString().split(",")) {
            servers.add(
                    cluster.ensemble().serverOnPort(Integer.parseInt(server.substring(server.lastIndexOf(':') + 1))));
        }
        return servers;
    }

    /** The ensemble's current ZooKeeper leader (the server that answers "leader" to the srvr command). */
    public InstanceSpec zooKeeperLeader() {
        for (InstanceSpec s : zooKeeperServers()) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", s.getPort())) {
                socket.setSoTimeout(2000);
                socket.getOutputStream().write("srvr".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                String answer =
                        new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
                if (answer.contains("Mode: leader")) {
                    return s;
                }
            } catch (IOException e) {
                // down or not answering: not the leader
            }
        }
        return null;
    }

    public void killZooKeeper(InstanceSpec server) throws Exception {
        act("zk-kill", "start", "server", server.getServerId());
        cluster.ensemble().kill(server);
    }

    public void restartZooKeeper(InstanceSpec server) throws Exception {
        cluster.ensemble().restart(server);
        act("zk-kill", "end", "server", server.getServerId());
    }

    /** Deletes the latch parent and everything under it, as an operator's mistaken {@code deleteall} would (CURATOR-724). */
    public void deleteLatchParent() throws Exception {
        act("delete-latch", "start");
        observer.client().delete().deletingChildrenIfNeeded().forPath(org.hacp.leader.zookeeper.LeaderPaths.LATCH);
        act("delete-latch", "end");
    }

    /** Asks the dispatcher leader to step down (a planned handover). */
    public void handover(Duration stayOut) throws Exception {
        LeaderInformation leader = leaderOf("dispatcher");
        act("handover", "start", "epoch", leader.epoch());
        DispatcherGateway d = client.connect(leader.address(), leader.token(), DispatcherGateway.class)
                .get(3, TimeUnit.SECONDS);
        d.stepDown(stayOut.toMillis(), "").get(5, TimeUnit.SECONDS);
    }

    /** Records a free-form marker (scenario phases) in the nemesis log. */
    public void mark(String what) {
        act(what, "info");
    }

    @Override
    public void close() throws Exception {
        for (Node n : nodes.values()) {
            resumeIfPaused(n);
        }
        retrievals.forEach(LeaderRetrievalService::close);
        try {
            client.closeAsync().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Closing the chaos client failed: {}", e.toString());
        }
        observer.close();
        cluster.close();
        for (FaultProxy p : proxies) {
            p.close();
        }
        nemesis.close();
    }
}
