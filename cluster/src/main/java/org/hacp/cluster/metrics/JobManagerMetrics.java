package org.hacp.cluster.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hacp.cluster.Component;
import org.hacp.cluster.job.JobStatus;
import org.hacp.cluster.jobmanager.JobManager;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;
import org.hacp.fencing.FencedRpcEndpoint;
import org.hacp.fencing.FencingToken;
import org.hacp.fencing.FencingTokenException;
import org.hacp.ha.RecordSizeLimit;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;

/**
 * A JobManager's metrics in a registry of its own, read when scraped (issue 15): whether it leads
 * each component and at which epoch, leaderships granted, fencing rejections by component and
 * reason, its ZooKeeper connection state, TaskExecutors registered and jobs by state while it
 * leads, early takeovers (issue 16), and the JVM's metrics. Every
 * value is a callback over state the JobManager keeps anyway; nothing here is on a hot path.
 */
public final class JobManagerMetrics {
    private JobManagerMetrics() {}

    /** A registry with every metric of {@code jobManager} and {@code ha}. */
    public static PrometheusRegistry register(JobManager jobManager, ZooKeeperHaServices ha) {
        PrometheusRegistry registry = new PrometheusRegistry();
        Map<Component, FencedRpcEndpoint> endpoints = Map.of(
                Component.DISPATCHER,
                jobManager.dispatcher(),
                Component.RESOURCE_MANAGER,
                jobManager.resourceManager());
        GaugeWithCallback.builder()
                .name("hacp_leader")
                .help("1 on the process that currently leads the component (holds its fencing token), else 0")
                .labelNames("component")
                .callback(cb -> endpoints.forEach((c, e) -> cb.call(e.getFencingToken() == null ? 0 : 1, c.id())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("hacp_leader_epoch")
                .help("Epoch of the component's leadership this process holds; absent while it does not lead")
                .labelNames("component")
                .callback(cb -> endpoints.forEach((c, e) -> {
                    FencingToken token = e.getFencingToken();
                    if (token != null) {
                        cb.call(token.epoch(), c.id());
                    }
                }))
                .register(registry);
        CounterWithCallback.builder()
                .name("hacp_leader_changes")
                .help("Leaderships granted to this process, any component")
                .callback(cb -> cb.call(jobManager.leadershipGrants()))
                .register(registry);
        CounterWithCallback.builder()
                .name("hacp_fencing_rejections")
                .help("Calls and main-thread work refused by fencing, by component and reason")
                .labelNames("component", "reason")
                .callback(cb -> endpoints.forEach((c, e) -> {
                    for (FencingTokenException.Reason reason : FencingTokenException.Reason.values()) {
                        cb.call(
                                e.getFencingRejections().count(reason),
                                c.id(),
                                reason.name().toLowerCase(Locale.ROOT));
                    }
                }))
                .register(registry);
        CounterWithCallback.builder()
                .name("hacp_heartbeat_timeouts")
                .help("TaskExecutors this process's ResourceManager dropped for missed heartbeats")
                .callback(cb -> cb.call(jobManager.resourceManager().heartbeatTimeouts()))
                .register(registry);
        ZooKeeperMetrics.register(registry, ha);
        CounterWithCallback.builder()
                .name("hacp_ha_records_refused")
                .help("State-store writes refused because the record passed " + RecordSizeLimit.KEY + " (issue 32)")
                .callback(cb -> cb.call(ha.recordSizeLimit().refused()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("hacp_ha_largest_record_bytes")
                .help("The largest state-store record written so far, in bytes (refused above " + RecordSizeLimit.KEY
                        + ")")
                .callback(cb -> cb.call(ha.recordSizeLimit().largestBytes()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("hacp_taskexecutors_registered")
                .help("TaskExecutors registered with this process's ResourceManager; absent while it does not lead")
                .callback(cb -> registeredTaskExecutors(jobManager).ifPresent(cb::call))
                .register(registry);
        GaugeWithCallback.builder()
                .name("hacp_jobs")
                .help(
                        "Jobs this process's Dispatcher knows, by state (running, finished); absent while it does not lead")
                .labelNames("state")
                .callback(cb -> {
                    if (jobManager.dispatcher().getFencingToken() == null) {
                        return;
                    }
                    List<JobStatus> jobs = jobManager.dispatcher().listJobs().join();
                    long finished = jobs.stream().filter(JobStatus::finished).count();
                    cb.call(jobs.size() - finished, "running");
                    cb.call(finished, "finished");
                })
                .register(registry);
        CounterWithCallback.builder()
                .name("hacp_fast_takeovers")
                .help(
                        "ZooKeeper sessions of crashed leaders (or of this process's previous run) this process ended early")
                .callback(cb -> cb.call(ha.electionDriver().fastTakeovers()))
                .register(registry);
        GaugeWithCallback.builder()
                .name("hacp_takeover_phase_seconds")
                .help("This process's last ResourceManager takeover, measured live: seconds from noticing the"
                        + " previous leader gone to each phase (granted, published, taskexecutors_registered,"
                        + " first_command_accepted); absent before its first takeover")
                .labelNames("phase")
                .callback(cb -> jobManager
                        .resourceManager()
                        .takeover()
                        .last()
                        .ifPresent(t -> t.phases()
                                .forEach((phase, d) ->
                                        cb.call(d.toNanos() / 1e9, phase.name().toLowerCase(Locale.ROOT)))))
                .register(registry);
        GaugeWithCallback.builder()
                .name("hacp_takeover_epoch")
                .help("The epoch of this process's last ResourceManager takeover; absent before its first")
                .callback(cb -> jobManager.resourceManager().takeover().last().ifPresent(t -> cb.call(t.epoch())))
                .register(registry);
        JvmMetrics.builder().register(registry);
        return registry;
    }

    /**
     * The leading ResourceManager's count, asked on its main thread like the status page does (its
     * registrations live there); empty while it does not lead or does not answer within 2 s.
     */
    private static OptionalDouble registeredTaskExecutors(JobManager jobManager) {
        if (jobManager.resourceManager().getFencingToken() == null) {
            return OptionalDouble.empty();
        }
        try {
            return OptionalDouble.of(jobManager
                    .resourceManager()
                    .getSelfGateway(ResourceManagerGateway.class)
                    .status()
                    .get(2, TimeUnit.SECONDS)
                    .taskExecutors()
                    .size());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalDouble.empty();
        } catch (ExecutionException | TimeoutException e) {
            return OptionalDouble.empty();
        }
    }
}
