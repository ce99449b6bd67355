package org.hacp.cluster.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;

/** A process's ZooKeeper connection as metrics, the same on every role (issue 15). */
final class ZooKeeperMetrics {
    /** The label values of {@code hacp_zookeeper_connection_state}. */
    private static final String[] STATES = {"connected", "suspended", "lost"};

    private ZooKeeperMetrics() {}

    /** Registers the connection state, session losses and time disconnected of {@code client}. */
    static void register(PrometheusRegistry registry, CuratorFramework client) {
        ZooKeeperConnection zooKeeper = new ZooKeeperConnection(client);
        GaugeWithCallback.builder()
                .name("hacp_zookeeper_connection_state")
                .help(
                        "1 for the state of this process's ZooKeeper connection (connected, suspended, lost), 0 for the others")
                .labelNames("state")
                .callback(cb -> {
                    ConnectionState now = zooKeeper.state();
                    String current =
                            now.isConnected() ? "connected" : now.name().toLowerCase(Locale.ROOT);
                    for (String state : STATES) {
                        cb.call(state.equals(current) ? 1 : 0, state);
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("hacp_zookeeper_session_expirations")
                .help("Times this process's ZooKeeper session was lost (Curator LOST)")
                .callback(cb -> cb.call(zooKeeper.losses()))
                .register(registry);
        CounterWithCallback.builder()
                .name("hacp_zookeeper_disconnected_seconds")
                .help("Time this process's ZooKeeper connection spent suspended or lost")
                .callback(cb -> cb.call(zooKeeper.disconnectedSeconds()))
                .register(registry);
    }
}
