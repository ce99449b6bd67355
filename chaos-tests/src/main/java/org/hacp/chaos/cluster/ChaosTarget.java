package org.hacp.chaos.cluster;

import java.util.List;
import org.hacp.cluster.client.ClusterClient;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;

/**
 * A running cluster as the harness observes it from outside its faults: the JobManagers, how many
 * TaskExecutors should register, and an observer's ZooKeeper and RPC client. The proxied local
 * cluster ({@link ChaosCluster}) and the namespace hosts of the IP nemesis are two.
 *
 * @param <M> its kind of member
 */
public interface ChaosTarget<M extends ChaosTarget.Member> {

    /** One process of the cluster. */
    interface Member {
        String id();

        /** Whether its process runs (paused or not). */
        boolean alive();

        /** Whether it is frozen by SIGSTOP now. */
        boolean paused();

        /** Whether {@code address} (an endpoint address) is served by this member. */
        boolean serves(String address);
    }

    List<M> jobManagers();

    /** How many TaskExecutors a settled cluster has registered. */
    int taskExecutorCount();

    /** An observer's ZooKeeper session: leaders and the HA store. */
    ZooKeeperHaServices observer();

    /** The observer's client for leaders' gateways. */
    ClusterClient clusterClient();
}
