package org.hacp.cluster.client;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.hacp.cluster.Component;
import org.hacp.config.ConfigReader;
import org.hacp.ha.HaConfig;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.leader.LeaderInformation;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.RpcSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's connections to a cluster from outside: a ZooKeeper session, an RPC system and service,
 * and the cluster client over them; one class for hactl, the chaos harnesses, the drills, the demo
 * and the benchmarks. Close closes them in reverse order, each whatever became of the others: an RPC
 * service that does not stop in time is logged, never thrown, so the ZooKeeper session still
 * closes and the command keeps its own exit code (issue 28).
 */
public final class ClusterSession implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSession.class);
    /** Well past the RPC service's own close bound (3 s after its endpoints stop; a client has none). */
    private static final long RPC_CLOSE_SECONDS = 10;

    private final ZooKeeperHaServices ha;
    private final RpcSystem rpcSystem;
    private final RpcService rpc;
    private final ClusterClient client;

    private ClusterSession(
            ZooKeeperHaServices ha,
            RpcSystem rpcSystem,
            RpcConfig rpcConfig,
            BiConsumer<Component, Optional<LeaderInformation>> onLeaderChange) {
        this.ha = ha;
        this.rpcSystem = rpcSystem;
        this.rpc = rpcSystem.remoteService(rpcConfig);
        this.client = new ClusterClient(ha, rpc, onLeaderChange);
    }

    /** Connects as {@code name} with these settings, on the default RPC system. */
    public static ClusterSession open(String name, HaConfig haConfig, RpcConfig rpcConfig) {
        return open(name, haConfig, rpcConfig, ConfigReader.defaults(), (component, leader) -> {});
    }

    /**
     * Connects as {@code name}; {@code systemChoice} picks the RPC system ({@code hacp.rpc.system}),
     * and {@code onLeaderChange} hears every leader change the client sees.
     *
     * @throws org.hacp.ha.HaServicesException when ZooKeeper cannot be reached
     */
    public static ClusterSession open(
            String name,
            HaConfig haConfig,
            RpcConfig rpcConfig,
            ConfigReader systemChoice,
            BiConsumer<Component, Optional<LeaderInformation>> onLeaderChange) {
        ZooKeeperHaServices ha = ZooKeeperHaServices.start(haConfig, name, e -> {});
        try {
            return new ClusterSession(ha, RpcSystem.load(systemChoice), rpcConfig, onLeaderChange);
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
            rpc.closeAsync().get(RPC_CLOSE_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("The RPC service of a cluster session did not close cleanly: {}", e.toString());
        }
        rpcSystem.close();
        ha.close();
    }
}
