package org.hacp.chaos.cluster;

import java.util.concurrent.TimeUnit;
import org.hacp.cluster.client.ClusterClient;
import org.hacp.ha.HaConfig;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.RpcSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A harness's connections to a cluster from outside its faults: a ZooKeeper session, an RPC
 * service and the cluster client over both (used by the chaos clusters and the drills). Close
 * closes the three in reverse order; an RPC service that does not stop within 10 s is logged, not
 * thrown, so the ZooKeeper session still closes.
 */
public final class ClusterObserver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterObserver.class);

    private final ZooKeeperHaServices ha;
    private final RpcSystem rpcSystem;
    private final RpcService rpc;
    private final ClusterClient client;

    private ClusterObserver(ZooKeeperHaServices ha, RpcSystem rpcSystem, RpcConfig rpcConfig) {
        this.ha = ha;
        this.rpcSystem = rpcSystem;
        this.rpc = rpcSystem.remoteService(rpcConfig);
        this.client = new ClusterClient(ha, rpc);
    }

    /** Connects as {@code name} with these settings. */
    public static ClusterObserver open(String name, HaConfig haConfig, RpcConfig rpcConfig) {
        ZooKeeperHaServices ha = ZooKeeperHaServices.start(haConfig, name, e -> {});
        try {
            return new ClusterObserver(ha, RpcSystem.load(), rpcConfig);
        } catch (RuntimeException e) {
            ha.close();
            throw e;
        }
    }

    /** The ZooKeeper session: leaders and the HA store. */
    public ZooKeeperHaServices ha() {
        return ha;
    }

    /** The client for leaders' gateways. */
    public ClusterClient client() {
        return client;
    }

    @Override
    public void close() {
        client.close();
        try {
            rpc.closeAsync().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Closing the observer's RPC service failed: {}", e.toString());
        }
        rpcSystem.close();
        ha.close();
    }
}
