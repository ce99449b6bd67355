package org.hacp.chaos.drill;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.curator.test.InstanceSpec;
import org.hacp.chaos.cluster.ChaosCluster;
import org.hacp.leader.LeaderInformation;

/** A local cluster with fault proxies on every link (the chaos suite's): every drill kind applies. */
public final class ChaosDrillTarget implements DrillTarget {
    private final ChaosCluster cluster;
    private ChaosCluster.Node faulted;
    private InstanceSpec lostServer;

    public ChaosDrillTarget(ChaosCluster cluster) {
        this.cluster = cluster;
    }

    @Override
    public LeaderInformation leader(String component) {
        return cluster.leaderOf(component);
    }

    @Override
    public String leaderProcess() {
        ChaosCluster.Node leader = cluster.leaderNode();
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
        faulted = cluster.leaderNode();
        if (faulted == null && kind != DrillKind.ZK_SERVER_LOSS) {
            throw new IllegalStateException("no leader to drill against");
        }
        switch (kind) {
            case HANDOVER -> cluster.handover(Duration.ofSeconds(2));
            case KILL_LEADER -> cluster.kill(faulted);
            case STOP_LEADER -> cluster.terminate(faulted);
            case PAUSE_LEADER -> cluster.pause(faulted);
            case ISOLATE_LEADER_FROM_ZK -> cluster.cutFromZooKeeper(faulted, false);
            case ISOLATE_LEADER_FROM_FOLLOWERS -> cluster.cutInbound(cluster.nodes());
            case ZK_SERVER_LOSS -> {
                lostServer = cluster.zooKeeperLeader();
                if (lostServer == null) {
                    throw new IllegalStateException("no ZooKeeper server says it leads");
                }
                cluster.killZooKeeper(lostServer);
            }
        }
    }

    @Override
    public void endFault(DrillKind kind) throws Exception {
        switch (kind) {
            case KILL_LEADER, STOP_LEADER -> cluster.restart(faulted);
            case PAUSE_LEADER -> cluster.resume(faulted);
            case ISOLATE_LEADER_FROM_ZK, ISOLATE_LEADER_FROM_FOLLOWERS -> cluster.heal();
            case ZK_SERVER_LOSS -> cluster.restartZooKeeper(lostServer);
            default -> {}
        }
    }

    @Override
    public void close() {
        // the cluster belongs to whoever started it
    }
}
