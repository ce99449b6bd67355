package org.hacp.cluster.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.Locale;
import org.hacp.rpc.RpcCallObserver;
import org.hacp.rpc.RpcService;

/**
 * The calls a process's gateways make, as Prometheus sees them (issue 15): asks by gateway, method
 * and outcome with a latency histogram ({@code hacp_rpc_call_duration_seconds}), tells counted
 * ({@code hacp_rpc_tells_total}). Label values come from the gateway interfaces compiled into the
 * process, never from the network, so their number is bounded. Thread-safe, as the observer must be.
 */
public final class RpcMetrics implements RpcCallObserver {
    /** Sub-millisecond to the default ask timeout: a local call takes ~0.1 ms, a remote one ~1 ms. */
    private static final double[] BUCKETS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
    };

    private final Histogram asks;
    private final Counter tells;

    private RpcMetrics(PrometheusRegistry registry) {
        asks = Histogram.builder()
                .name("hacp_rpc_call_duration")
                .unit(Unit.SECONDS)
                .help("Asks this process made, by gateway, method and outcome (ok, failed, timeout, unreachable)")
                .labelNames("gateway", "method", "outcome")
                .classicOnly()
                .classicUpperBounds(BUCKETS)
                .register(registry);
        tells = Counter.builder()
                .name("hacp_rpc_tells")
                .help("Tells this process made, by gateway, method and outcome (sent, not_sent)")
                .labelNames("gateway", "method", "outcome")
                .register(registry);
    }

    /** Registers the RPC metrics in {@code registry} and observes every call of {@code rpc}'s gateways. */
    public static void observe(RpcService rpc, PrometheusRegistry registry) {
        rpc.observeCalls(new RpcMetrics(registry));
    }

    @Override
    public void called(String gateway, String method, Outcome outcome, long nanos) {
        String how = outcome.name().toLowerCase(Locale.ROOT);
        if (outcome.ofTell()) {
            tells.labelValues(gateway, method, how).inc();
        } else {
            asks.labelValues(gateway, method, how).observe(nanos / 1e9);
        }
    }
}
