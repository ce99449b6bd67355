package org.hacp.chaos.drill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.dispatcher.DispatcherGateway;
import org.hacp.config.ConfigReader;
import org.hacp.ha.HaConfig;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.leader.LatestLeader;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeaderRetrievalService;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.pekko.PekkoRpcService;

/**
 * A running cluster described by a run directory's {@code cluster.env} (written by
 * {@code scripts/cluster up}): its ZooKeeper, members with pids and event logs. Process faults
 * are signals to local pids; a handover is an RPC. It has no fault proxies, so network drills
 * and ZooKeeper server loss are refused with the reason.
 */
public final class ProcessDrillTarget implements DrillTarget {
    private record Member(String id, long pid, String rpcHostPort) {}

    private final Path runDir;
    private final List<Member> members = new ArrayList<>();
    private final Duration sessionTimeout;
    private final ZooKeeperHaServices ha;
    private final PekkoRpcService rpc;
    private final Map<String, LatestLeader> leaders = new ConcurrentHashMap<>();
    private final List<LeaderRetrievalService> retrievals = new ArrayList<>();
    private Member faulted;
    private DispatcherGateway dispatcher;

    private ProcessDrillTarget(Path runDir, String zk, String clusterId, Duration sessionTimeout) {
        this.runDir = runDir;
        this.sessionTimeout = sessionTimeout;
        this.ha = ZooKeeperHaServices.start(
                HaConfig.from(ConfigReader.parse("hacp.ha { cluster-id = \"" + clusterId
                        + "\", zookeeper { connect-string = \"" + zk + "\", connection-timeout = 2s } }")),
                "drill",
                e -> {});
        this.rpc = PekkoRpcService.createRemote(RpcConfig.defaults().withAskTimeout(Duration.ofSeconds(3)));
        follow("dispatcher");
        follow("resourcemanager");
    }

    /** Reads {@code <runDir>/cluster.env}; fails naming the file when there is none. */
    public static ProcessDrillTarget open(Path runDir) throws IOException {
        Path env = runDir.resolve("cluster.env");
        if (!Files.exists(env)) {
            throw new IOException(
                    "no running cluster at " + runDir + ": " + env + " is missing (start one with scripts/cluster up)");
        }
        String zk = null;
        String clusterId = "local";
        long sessionMillis = 2000;
        List<Member> found = new ArrayList<>();
        for (String line : Files.readAllLines(env, StandardCharsets.UTF_8)) {
            if (line.startsWith("ZK=")) {
                zk = line.substring(3);
            } else if (line.startsWith("CLUSTER_ID=")) {
                clusterId = line.substring(11);
            } else if (line.startsWith("SESSION_TIMEOUT_MS=")) {
                sessionMillis = Long.parseLong(line.substring(19).trim());
            } else if (line.startsWith("MEMBER=")) {
                String[] parts = line.substring(7).split(" ");
                found.add(new Member(parts[0], Long.parseLong(parts[1]), parts[2]));
            }
        }
        if (zk == null) {
            throw new IOException(env + " names no ZooKeeper (ZK=...)");
        }
        ProcessDrillTarget target = new ProcessDrillTarget(runDir, zk, clusterId, Duration.ofMillis(sessionMillis));
        target.members.addAll(found);
        return target;
    }

    /** Retrieval answers asynchronously: give it a moment to report the current leaders (it may find none). */
    private void awaitLeaders(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline && (leader("dispatcher") == null || leader("resourcemanager") == null)) {
            try {
                Thread.sleep(20); // polling ZooKeeper retrieval, which has no "first answer" signal
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void follow(String component) {
        LatestLeader leader = new LatestLeader(component);
        leaders.put(component, leader);
        LeaderRetrievalService retrieval = ha.leaderRetriever(component);
        retrievals.add(retrieval);
        retrieval.start(leader);
    }

    @Override
    public LeaderInformation leader(String component) {
        return leaders.get(component).get();
    }

    private Member leaderMember() {
        LeaderInformation info = leader("dispatcher");
        if (info == null) {
            return null;
        }
        return members.stream()
                .filter(m -> info.address().contains("@" + m.rpcHostPort() + "/"))
                .findFirst()
                .orElse(null);
    }

    @Override
    public String leaderProcess() {
        Member m = leaderMember();
        return m == null ? null : m.id();
    }

    @Override
    public List<Path> eventLogDirs() {
        return List.of(runDir);
    }

    @Override
    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    @Override
    public int taskExecutors() {
        return (int)
                members.stream().filter(m -> m.id().startsWith("taskexecutor")).count();
    }

    @Override
    public void checkApplicable(DrillKind kind) throws DrillNotApplicableException {
        switch (kind) {
            case ISOLATE_LEADER_FROM_ZK, ISOLATE_LEADER_FROM_FOLLOWERS ->
                throw new DrillNotApplicableException(kind.cliName()
                        + " needs a fault proxy on the leader's links; the cluster at " + runDir + " has none "
                        + "(scripts/drill runs it on a local cluster that has one on every link)");
            case ZK_SERVER_LOSS ->
                throw new DrillNotApplicableException(
                        "zk-server-loss needs control of the ZooKeeper servers; " + "the cluster at " + runDir
                                + " runs its ZooKeeper inside its launcher (scripts/drill runs it on a 3-server ensemble)");
            default -> {}
        }
        awaitLeaders(Duration.ofSeconds(10));
    }

    /** For a handover: the connection to the leader, made before the fault is timed (this CLI's JVM is cold). */
    @Override
    public void prepare(DrillKind kind) throws Exception {
        LeaderInformation leader = leader("dispatcher");
        if (kind == DrillKind.HANDOVER && leader != null) {
            dispatcher = rpc.connect(leader.address(), leader.token(), DispatcherGateway.class)
                    .get(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void startFault(DrillKind kind) throws Exception {
        checkApplicable(kind);
        LeaderInformation leader = leader("dispatcher");
        faulted = leaderMember();
        if (leader == null || faulted == null) {
            throw new IllegalStateException("no dispatcher leader among the members of " + runDir);
        }
        if (kind == DrillKind.HANDOVER) {
            DispatcherGateway d = dispatcher != null
                    ? dispatcher
                    : rpc.connect(leader.address(), leader.token(), DispatcherGateway.class)
                            .get(5, TimeUnit.SECONDS);
            d.stepDown(2000, "").get(5, TimeUnit.SECONDS);
            return;
        }
        if (ProcessHandle.of(faulted.pid()).isEmpty()) {
            throw new DrillNotApplicableException("the leader '" + faulted.id() + "' (pid " + faulted.pid()
                    + ") is not a process on this host; " + kind.cliName() + " needs to signal it");
        }
        signal(
                switch (kind) {
                    case KILL_LEADER -> "-KILL";
                    case STOP_LEADER -> "-TERM";
                    default -> "-STOP";
                });
    }

    @Override
    public void endFault(DrillKind kind) throws Exception {
        if (kind == DrillKind.PAUSE_LEADER) {
            signal("-CONT");
        }
    }

    private void signal(String signal) throws Exception {
        org.hacp.chaos.cluster.ProcessSignals.send(faulted.pid(), signal);
    }

    @Override
    public void close() throws Exception {
        retrievals.forEach(LeaderRetrievalService::close);
        rpc.closeAsync().get(10, TimeUnit.SECONDS);
        ha.close();
    }
}
