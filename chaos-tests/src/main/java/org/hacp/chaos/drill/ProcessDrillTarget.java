package org.hacp.chaos.drill;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hacp.chaos.cluster.ProcessSignals;
import org.hacp.chaos.ip.PacketFilter;
import org.hacp.cluster.Component;
import org.hacp.cluster.client.ClusterClient;
import org.hacp.cluster.client.ClusterSession;
import org.hacp.cluster.dispatcher.DispatcherGateway;
import org.hacp.cluster.hosts.NamespaceHost;
import org.hacp.cluster.process.ClusterEnv;
import org.hacp.cluster.process.LocalCluster;
import org.hacp.cluster.process.Role;
import org.hacp.config.ConfigReader;
import org.hacp.config.ConfigSources;
import org.hacp.ha.HaConfig;
import org.hacp.leader.LeaderInformation;
import org.hacp.rpc.RpcConfig;

/**
 * A running cluster described by a run directory's {@code cluster.env} (written by
 * {@code scripts/cluster up} or {@code scripts/hosts up}): its ZooKeeper, members with pids and
 * event logs. Process faults are signals to local pids; a handover is an RPC. On namespace hosts
 * ({@code scripts/hosts}, whose {@code hosts.list} is there) the two isolation drills drop the
 * leader host's packets with nftables (issue 17); elsewhere there are no fault proxies, so they
 * are refused with the reason, as is ZooKeeper server loss.
 */
public final class ProcessDrillTarget implements DrillTarget {
    private final Path runDir;
    private final List<ClusterEnv.Member> members = new ArrayList<>();
    private final List<Path> eventLogDirs = new ArrayList<>();
    private final Duration sessionTimeout;
    private final ClusterSession observer;
    private final ClusterClient client;
    private ClusterEnv.Member faulted;
    private final List<NamespaceHost> hosts = new ArrayList<>();
    private final List<NamespaceHost> cut = new ArrayList<>();
    private DispatcherGateway dispatcher;

    private ProcessDrillTarget(Path runDir, String zk, String clusterId, Duration sessionTimeout) {
        this.runDir = runDir;
        this.sessionTimeout = sessionTimeout;
        // The local cluster's client credentials (ZooKeeper digest, TLS certificate), when it wrote them.
        Path clientConfig = runDir.resolve(LocalCluster.CLIENT_CONFIG);
        Config credentials = Files.exists(clientConfig) ? ConfigSources.file(clientConfig) : ConfigFactory.empty();
        ConfigReader reader = ConfigReader.of(ConfigFactory.parseMap(Map.of(
                        "hacp.ha.cluster-id", clusterId,
                        "hacp.ha.zookeeper.connect-string", zk,
                        "hacp.ha.zookeeper.connection-timeout", "2s"))
                .withFallback(credentials));
        this.observer = ClusterSession.open(
                "drill", HaConfig.from(reader), RpcConfig.from(reader).withAskTimeout(Duration.ofSeconds(3)));
        this.client = observer.client();
    }

    /** Reads {@code <runDir>/cluster.env}; fails naming the file when there is none. */
    public static ProcessDrillTarget open(Path runDir) throws IOException {
        ClusterEnv env = ClusterEnv.read(runDir);
        ProcessDrillTarget target =
                new ProcessDrillTarget(runDir, env.zooKeeper(), env.clusterId(), env.sessionTimeout());
        target.members.addAll(env.members());
        target.eventLogDirs.addAll(env.eventLogDirs());
        if (Files.exists(runDir.resolve("hosts.list"))) {
            target.hosts.addAll(NamespaceHost.read(runDir));
        }
        return target;
    }

    /** Retrieval answers asynchronously: give it a moment to report the current leaders (it may find none). */
    private void awaitLeaders(Duration within) {
        try {
            for (Component component : Component.ELECTED) {
                client.awaitLeader(component, within);
            }
        } catch (TimeoutException e) {
            // none now: the drill says so when it looks
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public LeaderInformation leader(Component component) {
        return client.leader(component);
    }

    private ClusterEnv.Member leaderMember() {
        LeaderInformation info = leader(Component.DISPATCHER);
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
        ClusterEnv.Member m = leaderMember();
        return m == null ? null : m.id();
    }

    @Override
    public List<Path> eventLogDirs() {
        return List.copyOf(eventLogDirs);
    }

    @Override
    public Duration sessionTimeout() {
        return sessionTimeout;
    }

    @Override
    public int taskExecutors() {
        return (int) members.stream()
                .filter(m -> m.id().startsWith(Role.TASK_EXECUTOR.id()))
                .count();
    }

    @Override
    public void checkApplicable(DrillKind kind) throws DrillNotApplicableException {
        switch (kind.fault()) {
            case ISOLATE_LEADER_FROM_ZK, ISOLATE_LEADER_FROM_FOLLOWERS -> {
                if (hosts.isEmpty()) {
                    throw new DrillNotApplicableException(kind.cliName()
                            + " needs a fault proxy or a packet filter on the leader's links; the cluster at "
                            + runDir + " has neither (scripts/drill runs it on a local cluster with a proxy on "
                            + "every link; scripts/hosts clusters drop packets)");
                }
            }
            case ZK_QUORUM_LEADER_CHANGE, ZK_SERVER_RESTART ->
                throw new DrillNotApplicableException(kind.cliName()
                        + " needs control of the ZooKeeper servers; the cluster at " + runDir
                        + " runs its ZooKeeper inside its launcher (scripts/drill runs it on a 3-server ensemble)");
            case ZK_BLIP, TE_ZK_LOSS ->
                throw new DrillNotApplicableException(kind.cliName()
                        + " needs a fault proxy on the ZooKeeper links; the cluster at " + runDir
                        + " has none (scripts/drill runs it on a local cluster with a proxy on every link)");
            default -> {}
        }
        awaitLeaders(Duration.ofSeconds(10));
    }

    /** For a handover: the connection to the leader, made before the fault is timed (this CLI's JVM is cold). */
    @Override
    public void prepare(DrillKind kind) throws Exception {
        LeaderInformation leader = leader(Component.DISPATCHER);
        if (kind == DrillKind.HANDOVER && leader != null) {
            dispatcher = client.dispatcher(leader).get(5, TimeUnit.SECONDS);
        }
    }

    @Override
    public void startFault(DrillKind kind) throws Exception {
        checkApplicable(kind);
        LeaderInformation leader = leader(Component.DISPATCHER);
        faulted = leaderMember();
        if (leader == null || faulted == null) {
            throw new IllegalStateException("no dispatcher leader among the members of " + runDir);
        }
        if (kind == DrillKind.HANDOVER) {
            DispatcherGateway d =
                    dispatcher != null ? dispatcher : client.dispatcher(leader).get(5, TimeUnit.SECONDS);
            d.stepDown(2000, "").get(5, TimeUnit.SECONDS);
            return;
        }
        if (kind == DrillKind.ISOLATE_LEADER_FROM_ZK || kind == DrillKind.ISOLATE_LEADER_FROM_FOLLOWERS) {
            NamespaceHost leaderHost = hosts.stream()
                    .filter(h -> faulted.rpcHostPort().startsWith(h.address() + ":"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no host of " + runDir + "/hosts.list has the "
                            + "leader's address " + faulted.rpcHostPort()));
            NamespaceHost.Kind[] peers = kind == DrillKind.ISOLATE_LEADER_FROM_ZK
                    ? new NamespaceHost.Kind[] {NamespaceHost.Kind.ZOOKEEPER}
                    : new NamespaceHost.Kind[] {NamespaceHost.Kind.JOB_MANAGER, NamespaceHost.Kind.TASK_EXECUTOR};
            List<NamespaceHost> others = hosts.stream()
                    .filter(h -> !h.equals(leaderHost) && List.of(peers).contains(h.kind()))
                    .toList();
            cut.add(leaderHost);
            cut.addAll(others);
            PacketFilter.cut(leaderHost, others);
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
        if (!cut.isEmpty()) {
            PacketFilter.clear(cut);
            cut.clear();
        }
    }

    private void signal(String signal) throws Exception {
        ProcessSignals.send(faulted.pid(), signal);
    }

    @Override
    public void close() throws Exception {
        if (!cut.isEmpty()) {
            PacketFilter.clear(cut); // a drill that failed half-way leaves no partition behind
        }
        observer.close();
    }
}
