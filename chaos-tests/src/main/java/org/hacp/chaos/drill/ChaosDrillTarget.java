package org.hacp.chaos.drill;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.curator.test.InstanceSpec;
import org.hacp.chaos.cluster.ChaosCluster;
import org.hacp.chaos.cluster.ChaosNode;
import org.hacp.cluster.Component;
import org.hacp.leader.LeaderInformation;

/** A local cluster with fault proxies on every link (the chaos suite's): every drill kind applies. */
public final class ChaosDrillTarget implements DrillTarget {
    private final ChaosCluster cluster;
    private ChaosNode faulted;
    private InstanceSpec lostServer;

    public ChaosDrillTarget(ChaosCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public LeaderInformation leader(Component component) {
        return cluster.client().leaderOf(component);
    }

    @Override
    public String leaderProcess() {
        ChaosNode leader = cluster.client().leaderNode();
        return leader == null ? null : leader.id();
    }

    @Override
    public List<Path> eventLogDirs() {
        return List.of(cluster.runDir());
    }

    @Override
    public Duration sessionTimeout() {
        return cluster.options().sessionTimeout();
    }

    @Override
    public int taskExecutors() {
        return cluster.taskExecutors().size();
    }

    @Override
    public void startFault(DrillKind kind) throws Exception {
        faulted = cluster.client().leaderNode();
        if (faulted == null && kind.fault() != DrillKind.ZK_QUORUM_LEADER_CHANGE) {
            throw new IllegalStateException("no leader to drill against");
        }
        switch (kind.fault()) {
            case HANDOVER -> cluster.nemesis().handover(Duration.ofSeconds(2));
            case KILL_LEADER -> cluster.nemesis().kill(faulted);
            case STOP_LEADER -> cluster.nemesis().terminate(faulted);
            case PAUSE_LEADER -> cluster.nemesis().pause(faulted);
            case ISOLATE_LEADER_FROM_ZK -> cluster.nemesis().cutFromZooKeeper(faulted, false);
            case ISOLATE_LEADER_FROM_FOLLOWERS -> cluster.nemesis().cutInbound(cluster.nodes());
            case ZK_QUORUM_LEADER_CHANGE -> {
                lostServer = cluster.nemesis().zooKeeperLeader();
                if (lostServer == null) {
                    throw new IllegalStateException("no ZooKeeper server says it leads");
                }
                cluster.nemesis().killZooKeeper(lostServer);
            }
            case ZK_BLIP -> cluster.nemesis().refuseZooKeeper(faulted);
            case ZK_SERVER_RESTART -> {
                lostServer = cluster.nemesis().zooKeeperServerOf(faulted);
                if (lostServer == null) {
                    throw new IllegalStateException("the leader has no ZooKeeper connection now");
                }
                cluster.nemesis().killZooKeeper(lostServer);
            }
            case TE_ZK_LOSS ->
                cluster.nemesis().cutFromZooKeeper(cluster.taskExecutors().get(0), false);
        }
    }

    @Override
    public void endFault(DrillKind kind) throws Exception {
        switch (kind.fault()) {
            case KILL_LEADER, STOP_LEADER -> cluster.nemesis().restart(faulted);
            case PAUSE_LEADER -> cluster.nemesis().resume(faulted);
            case ISOLATE_LEADER_FROM_ZK, ISOLATE_LEADER_FROM_FOLLOWERS, ZK_BLIP, TE_ZK_LOSS ->
                cluster.nemesis().heal();
            case ZK_QUORUM_LEADER_CHANGE, ZK_SERVER_RESTART -> cluster.nemesis().restartZooKeeper(lostServer);
            default -> {}
        }
    }

    @Override
    public void close() {
        // the cluster belongs to whoever started it
    }
}
