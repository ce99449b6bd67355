package org.hacp.cluster.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.Component;
import org.hacp.cluster.taskexecutor.TaskExecutor;
import org.hacp.cluster.taskexecutor.TaskExecutorGateway;
import org.hacp.fencing.FencingToken;
import org.hacp.fencing.FencingTokenException;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;

/**
 * The metrics of a TaskExecutor process (one or more TaskExecutors), served on its own status port
 * (issue 15): per TaskExecutor whether it is registered and at which ResourceManager epoch, its
 * registrations and running tasks; fencing rejections of the process's TaskExecutors by reason;
 * the ZooKeeper connection; the JVM. Callbacks over state the TaskExecutors keep anyway.
 */
public final class TaskExecutorMetrics {
    private TaskExecutorMetrics() {}

    /** A registry with the metrics of {@code taskExecutors} and of the process's ZooKeeper client in {@code ha}. */
    public static PrometheusRegistry register(List<TaskExecutor> taskExecutors, ZooKeeperHaServices ha) {
        PrometheusRegistry registry = new PrometheusRegistry();
        GaugeWithCallback.builder()
                .name("hacp_taskexecutor_registered")
                .help("1 while the TaskExecutor is registered with a ResourceManager leader, else 0")
                .labelNames("taskexecutor")
                .callback(cb -> taskExecutors.forEach(te -> cb.call(te.registeredWith() == null ? 0 : 1, te.id())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("hacp_taskexecutor_leader_epoch")
                .help("Epoch of the ResourceManager leadership the TaskExecutor is registered with; absent while none")
                .labelNames("taskexecutor")
                .callback(cb -> taskExecutors.forEach(te -> {
                    FencingToken token = te.registeredWith();
                    if (token != null) {
                        cb.call(token.epoch(), te.id());
                    }
                }))
                .register(registry);
        CounterWithCallback.builder()
                .name("hacp_taskexecutor_registrations")
                .help("Registrations of the TaskExecutor with a ResourceManager leader")
                .labelNames("taskexecutor")
                .callback(cb -> taskExecutors.forEach(te -> cb.call(te.registrations(), te.id())))
                .register(registry);
        GaugeWithCallback.builder()
                .name("hacp_taskexecutor_tasks_running")
                .help("Tasks the TaskExecutor runs now; absent when it does not answer within 2 s")
                .labelNames("taskexecutor")
                .callback(cb -> taskExecutors.forEach(te -> {
                    try {
                        cb.call(
                                te.getSelfGateway(TaskExecutorGateway.class)
                                        .runningTasks()
                                        .get(2, TimeUnit.SECONDS)
                                        .size(),
                                te.id());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } catch (Exception e) {
                        // busy or stopping: no sample this scrape
                    }
                }))
                .register(registry);
        CounterWithCallback.builder()
                .name("hacp_fencing_rejections")
                .help("Calls and main-thread work refused by fencing, by component and reason")
                .labelNames("component", "reason")
                .callback(cb -> {
                    for (FencingTokenException.Reason reason : FencingTokenException.Reason.values()) {
                        cb.call(
                                taskExecutors.stream()
                                        .mapToLong(
                                                te -> te.getFencingRejections().count(reason))
                                        .sum(),
                                Component.TASK_EXECUTOR.id(),
                                reason.name().toLowerCase(Locale.ROOT));
                    }
                })
                .register(registry);
        ZooKeeperMetrics.register(registry, ha);
        JvmMetrics.builder().register(registry);
        return registry;
    }
}
