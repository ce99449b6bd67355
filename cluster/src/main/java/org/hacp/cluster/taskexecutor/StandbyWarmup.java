package org.hacp.cluster.taskexecutor;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.Component;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;
import org.hacp.rpc.RpcService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a TaskExecutor process's connections to every JobManager warm, standbys included, so the
 * first contact after a failover finds the transport ready (TCP, TLS and Artery handshakes done).
 * Cold, that first contact took ~400 ms of the ~0.9 s from a kill -9 to re-registration (issue 16).
 * Every {@link #PERIOD} (Artery stops an idle outbound stream after 5 minutes) it handshakes with
 * the ResourceManager endpoint of each JobManager in the session cards: one round trip each.
 *
 * <p>Runs on the RPC service's scheduled executor; a JobManager that does not answer is logged at
 * debug only (it being down is the failover's business). Close: cancels the schedule.
 */
public final class StandbyWarmup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StandbyWarmup.class);
    private static final Duration PERIOD = Duration.ofSeconds(30);

    /** Where the JobManagers are: participant id to RPC address, read when needed. */
    @FunctionalInterface
    public interface JobManagers {
        Map<String, InetSocketAddress> addresses() throws Exception;
    }

    private final RpcService rpc;
    private final String systemName;
    private final JobManagers jobManagers;
    private final ScheduledFuture<?> schedule;

    /** Starts warming at once and every {@link #PERIOD}. */
    public StandbyWarmup(RpcService rpc, String systemName, JobManagers jobManagers) {
        this.rpc = rpc;
        this.systemName = systemName;
        this.jobManagers = jobManagers;
        this.schedule = rpc.getScheduledExecutor()
                .scheduleWithFixedDelay(this::warm, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void warm() {
        Map<String, InetSocketAddress> addresses;
        try {
            addresses = jobManagers.addresses();
        } catch (Exception e) {
            LOG.debug("Cannot read the JobManagers' addresses to warm connections: {}", e.toString());
            return;
        }
        addresses.forEach((id, address) -> {
            String host = address.getHostString();
            String endpoint = "pekko://" + systemName + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                    + address.getPort() + "/user/rpc/" + Component.RESOURCE_MANAGER.id();
            rpc.connect(endpoint, ResourceManagerGateway.class).whenComplete((gateway, failure) -> {
                if (failure != null) {
                    LOG.debug(
                            "Warming the connection to JobManager '{}' at {} failed: {}",
                            id,
                            endpoint,
                            failure.toString());
                }
            });
        });
    }

    @Override
    public void close() {
        schedule.cancel(false);
    }
}
