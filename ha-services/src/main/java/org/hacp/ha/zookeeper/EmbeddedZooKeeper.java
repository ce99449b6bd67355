package org.hacp.ha.zookeeper;

import java.io.File;
import java.time.Duration;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.hacp.ha.HaServicesException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real ZooKeeper server inside this process, for one-machine runs when no ensemble is
 * configured. Its tick is derived from the session timeout so that ZooKeeper accepts it
 * (sessions must lie within 2..20 ticks). Close stops it (and removes a temporary data dir).
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedZooKeeper.class);

    private final TestingServer server;

    private EmbeddedZooKeeper(TestingServer server) {
        this.server = server;
    }

    /**
     * Starts a server.
     *
     * @param dataDir its data directory, or null/empty for a temporary one
     * @param port its port, 0 for a free one
     */
    public static EmbeddedZooKeeper start(String dataDir, int port, Duration sessionTimeout) {
        boolean temporary = dataDir == null || dataDir.isEmpty();
        int tick = (int) Math.max(50, Math.min(2000, sessionTimeout.toMillis() / 10));
        InstanceSpec spec = new InstanceSpec(
                temporary ? null : new File(dataDir), port == 0 ? -1 : port, -1, -1, temporary, -1, tick, -1);
        try {
            TestingServer server = new TestingServer(spec, true);
            LOG.info(
                    "Embedded ZooKeeper started at {} (data dir {}, tick {} ms)",
                    server.getConnectString(),
                    spec.getDataDirectory(),
                    tick);
            return new EmbeddedZooKeeper(server);
        } catch (Exception e) {
            throw new HaServicesException(
                    "cannot start the embedded ZooKeeper server (port " + port + ", data dir '" + dataDir + "'): "
                            + e.getMessage(),
                    e);
        }
    }

    public String connectString() {
        return server.getConnectString();
    }

    public int port() {
        return server.getPort();
    }

    @Override
    public void close() throws Exception {
        server.close();
        LOG.info("Embedded ZooKeeper at {} stopped", server.getConnectString());
    }
}
