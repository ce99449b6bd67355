package org.hacp.cluster;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.jobmanager.JobManager;
import org.hacp.config.ConfigReader;
import org.hacp.ha.HaConfig;
import org.hacp.ha.zookeeper.EmbeddedZooKeeper;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.TestRpcSystems;
import org.hacp.testing.Closer;

/** One JobManager "jm-a" in this JVM with its own embedded ZooKeeper and RPC service, all closed by {@code closer}. */
public final class OneJobManager {
    private OneJobManager() {}

    /** The JobManager, the HA services it runs on and their ZooKeeper server. */
    public record Started(JobManager jobManager, ZooKeeperHaServices ha, EmbeddedZooKeeper zooKeeper) {}

    /** Which RPC system the JobManager serves on: in memory unless the test is about what crosses the wire. */
    public enum Rpc {
        IN_MEMORY,
        PEKKO
    }

    public static JobManager start(Closer closer, String clusterId, Rpc system) throws Exception {
        return startWithHa(closer, clusterId, system).jobManager();
    }

    public static Started startWithHa(Closer closer, String clusterId, Rpc system) throws Exception {
        EmbeddedZooKeeper zk = closer.track(EmbeddedZooKeeper.start(null, 0, Duration.ofSeconds(2)));
        HaConfig ha = HaConfig.from(ConfigReader.parse("hacp.ha { cluster-id = " + clusterId
                + ", zookeeper { connect-string = \"" + zk.connectString()
                + "\", session-timeout = 2s, connection-timeout = 1s } }"));
        RpcService rpc = system == Rpc.PEKKO
                ? TestRpcSystems.remote(RpcConfig.defaults())
                : TestRpcSystems.inMemory(RpcConfig.defaults());
        closer.track(() -> rpc.closeAsync().get(30, TimeUnit.SECONDS));
        ZooKeeperHaServices services = closer.track(ZooKeeperHaServices.start(ha, "jm-a", e -> {}));
        return new Started(
                closer.track(new JobManager("jm-a", rpc, services, Duration.ofSeconds(3), EventLog.none())),
                services,
                zk);
    }
}
