package org.hacp.cluster.taskexecutor;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.hacp.cluster.Component;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway.TaskExecutorContact;
import org.hacp.leader.zookeeper.takeover.ParticipantAddresses;
import org.hacp.rpc.RpcService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a TaskExecutor process's connections to every JobManager warm, standbys included, so the
 * first contact after a failover finds the transport ready (TCP, TLS and Artery handshakes done).
 * Cold, that first contact took ~400 ms of the ~0.9 s from a kill -9 to re-registration (issue 16).
 * Whenever the JobManagers' session cards change, and every {@link #PERIOD} (Artery stops an idle
 * outbound stream after 5 minutes), it handshakes with the ResourceManager endpoint of each
 * JobManager: one round trip each. The JobManager's answer warms its direction too. Over that
 * connection it introduces the process's TaskExecutors, so a ResourceManager granted leadership
 * announces itself to them at once; a handshake that fails (a JobManager publishes its card just
 * before its endpoints start) is tried again after {@link #RETRY}.
 *
 * <p>Runs on the RPC service's scheduled executor (changes only request a run; overlapping requests
 * make one); a JobManager that does not answer is logged at debug only (it being down is the
 * failover's business). Close: stops following the cards and cancels the schedule.
 */
public final class StandbyWarmup implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StandbyWarmup.class);
    private static final Duration PERIOD = Duration.ofSeconds(30);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final RpcService rpc;
    private final String systemName;
    private final ParticipantAddresses jobManagers;
    private final List<TaskExecutorContact> contacts;
    private final PreparedGateways prepared;
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile boolean closed;
    private final ScheduledFuture<?> schedule;

    /**
     * Starts following {@code client}'s session cards, warming and introducing {@code contacts};
     * the gateways it connects go to {@code prepared}.
     */
    public StandbyWarmup(
            RpcService rpc,
            String systemName,
            CuratorFramework client,
            List<TaskExecutorContact> contacts,
            PreparedGateways prepared) {
        this.rpc = rpc;
        this.prepared = prepared;
        this.contacts = List.copyOf(contacts);
        this.systemName = systemName;
        this.jobManagers = new ParticipantAddresses(client);
        this.schedule = rpc.getScheduledExecutor()
                .scheduleWithFixedDelay(this::request, PERIOD.toMillis(), PERIOD.toMillis(), TimeUnit.MILLISECONDS);
        jobManagers.start(this::request);
    }

    private void request() {
        if (!closed && requested.compareAndSet(false, true)) {
            rpc.getScheduledExecutor().execute(this::warm);
        }
    }

    private void warm() {
        requested.set(false);
        Map<String, String> endpoints = new HashMap<>();
        jobManagers.current().forEach((id, address) -> {
            String host = address.getHostString();
            endpoints.put(
                    id,
                    "pekko://" + systemName + "@" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                            + address.getPort() + "/user/rpc/" + Component.RESOURCE_MANAGER.id());
        });
        prepared.retainOnly(endpoints.values());
        endpoints.forEach((id, endpoint) -> {
            rpc.connect(endpoint, ResourceManagerGateway.class).whenComplete((gateway, failure) -> {
                if (failure == null) {
                    prepared.put(endpoint, gateway);
                    contacts.forEach(gateway::introduceTaskExecutor);
                } else {
                    rpc.getScheduledExecutor().schedule(this::request, RETRY.toMillis(), TimeUnit.MILLISECONDS);
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
        closed = true;
        jobManagers.close();
        schedule.cancel(false);
    }
}
