package org.hacp.cluster.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Locale;
import org.apache.curator.framework.state.ConnectionState;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.ha.zookeeper.ZooKeeperOperations;

/** A process's ZooKeeper connection as metrics, the same on every role (issue 15). */
final class ZooKeeperMetrics {
    /** The label values of {@code hacp_zookeeper_connection_state}. */
    private static final String[] STATES = {"connected", "suspended", "lost"};

    private ZooKeeperMetrics() {}

    /**
     * Registers the connection state, session losses and time disconnected of {@code ha}'s client,
     * and its operations by kind and watches set (issue 32).
     */
    static void register(PrometheusRegistry registry, ZooKeeperHaServices ha) {
        ZooKeeperConnection zooKeeper = new ZooKeeperConnection(ha.client());
        ZooKeeperOperations operations = ha.operations();
        CounterWithCallback.builder()
                .name("hacp_zookeeper_operations")
                .help("ZooKeeper operations this process completed, by kind (create, set_data, delete and multi write)")
                .labelNames("kind")
                .callback(cb -> {
                    for (ZooKeeperOperations.Kind kind : ZooKeeperOperations.Kind.values()) {
                        cb.call(operations.count(kind), kind.label());
                    }
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("hacp_zookeeper_watches_set")
                .help("ZooKeeper operations of this process that set a watch")
                .callback(cb -> cb.call(operations.watchesSet()))
                .register(registry);
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
