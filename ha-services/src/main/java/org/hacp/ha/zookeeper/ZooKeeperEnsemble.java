package org.hacp.ha.zookeeper;

import java.util.ArrayList;
import java.util.List;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;
import org.hacp.ha.HaServicesException;
import org.hacp.net.FreePorts;

/** A real multi-server ZooKeeper ensemble in this process, for tests and local scripts. */
public final class ZooKeeperEnsemble implements AutoCloseable {
    private final TestingCluster cluster;

    private ZooKeeperEnsemble(TestingCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts {@code size} servers with the given tick (sessions must lie within 2..20 ticks). */
    public static ZooKeeperEnsemble start(int size, int tickMillis) {
        try {
            List<InstanceSpec> specs = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                // Ports of our own choosing, never two alike: Curator's random ports once gave one server
                // the same client and election port ("Client and election port must be different").
                specs.add(new InstanceSpec(
                        null,
                        FreePorts.loopbackBelowEphemeral(),
                        FreePorts.loopbackBelowEphemeral(),
                        FreePorts.loopbackBelowEphemeral(),
                        true,
                        i + 1,
                        tickMillis,
                        -1));
            }
            TestingCluster cluster = new TestingCluster(specs);
            cluster.start();
            return new ZooKeeperEnsemble(cluster);
        } catch (Exception e) {
            throw new HaServicesException(
                    "cannot start a " + size + "-server ZooKeeper ensemble: " + e.getMessage(), e);
        }
    }

    public String connectString() {
        return cluster.getConnectString();
    }

    /** The server listening on {@code port}, or null. */
    public InstanceSpec serverOnPort(int port) {
        return cluster.getInstances().stream()
                .filter(s -> s.getPort() == port)
                .findFirst()
                .orElse(null);
    }

    /** Kills one server (as a crash would). */
    public boolean kill(InstanceSpec server) throws Exception {
        return cluster.killServer(server);
    }

    public boolean restart(InstanceSpec server) throws Exception {
        return cluster.restartServer(server);
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
