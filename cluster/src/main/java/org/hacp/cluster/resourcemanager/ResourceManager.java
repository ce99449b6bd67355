package org.hacp.cluster.resourcemanager;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.hacp.cluster.Component;
import org.hacp.cluster.job.TaskDeployment;
import org.hacp.cluster.taskexecutor.TaskExecutorGateway;
import org.hacp.fencing.FencedRpcEndpoint;
import org.hacp.fencing.FencingToken;
import org.hacp.rpc.RpcService;

/**
 * The leader's registry of TaskExecutors: registrations, heartbeats (a TaskExecutor silent for
 * longer than the heartbeat timeout is dropped), and placement of tasks on free slots. A follower
 * holds no token and refuses everything but {@link #status()}.
 */
public final class ResourceManager extends FencedRpcEndpoint implements ResourceManagerGateway {
    public static final String ENDPOINT_ID = Component.RESOURCE_MANAGER.id();

    /** One registered TaskExecutor; main thread only. */
    private static final class Registered {
        final String id;
        final String address;
        final int slots;
        List<String> running;
        long lastHeartbeat = System.nanoTime();
        CompletableFuture<TaskExecutorGateway> gateway;

        Registered(TaskExecutorRegistration r) {
            this.id = r.taskExecutorId();
            this.address = r.address();
            this.slots = r.slots();
            this.running = new ArrayList<>(r.runningTasks());
        }
    }

    private final Duration heartbeatTimeout;
    /** TaskExecutors dropped for missed heartbeats; main thread writes, any thread reads. */
    private final AtomicLong heartbeatTimeouts = new AtomicLong();

    private final Map<String, Registered> registered = new LinkedHashMap<>();

    public ResourceManager(RpcService rpcService, Duration heartbeatTimeout) {
        super(rpcService, ENDPOINT_ID);
        this.heartbeatTimeout = heartbeatTimeout;
    }

    /** Becomes leader with {@code token}; completes once the main thread has applied it. */
    public CompletableFuture<Void> grant(FencingToken token) {
        return callAsyncWithoutFencing(
                () -> {
                    registered.clear();
                    setFencingToken(token);
                    scheduleRunAsync(this::expireSilentTaskExecutors, heartbeatTimeout);
                    scheduleRunAsync(this::heartbeatTaskExecutors, heartbeatInterval());
                    return null;
                },
                Duration.ofSeconds(10));
    }

    /** Stops acting as leader. */
    public void revoke() {
        runAsyncWithoutFencing(() -> {
            setFencingToken(null);
            registered.clear();
        });
    }

    @Override
    public CompletableFuture<Boolean> registerTaskExecutor(TaskExecutorRegistration registration) {
        Registered previous = registered.put(registration.taskExecutorId(), new Registered(registration));
        log.info(
                "TaskExecutor '{}' {} at {} with {} slots (epoch {}), running {}",
                registration.taskExecutorId(),
                previous == null ? "registered" : "re-registered",
                registration.address(),
                registration.slots(),
                getFencingToken().epoch(),
                registration.runningTasks());
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletableFuture<Boolean> heartbeatFromTaskExecutor(String taskExecutorId, List<String> runningTasks) {
        Registered r = registered.get(taskExecutorId);
        if (r == null) {
            return CompletableFuture.completedFuture(false);
        }
        r.lastHeartbeat = System.nanoTime();
        r.running = new ArrayList<>(runningTasks);
        return CompletableFuture.completedFuture(true);
    }

    private void expireSilentTaskExecutors() {
        long now = System.nanoTime();
        registered.values().removeIf(r -> {
            boolean silent = now - r.lastHeartbeat > heartbeatTimeout.toNanos();
            if (silent) {
                heartbeatTimeouts.incrementAndGet();
                log.warn(
                        "TaskExecutor '{}' missed heartbeats for {} ms; dropped from the registry",
                        r.id,
                        heartbeatTimeout.toMillis());
            }
            return silent;
        });
        scheduleRunAsync(this::expireSilentTaskExecutors, heartbeatTimeout.dividedBy(2));
    }

    /** How many TaskExecutors this ResourceManager has dropped for missed heartbeats; any thread. */
    public long heartbeatTimeouts() {
        return heartbeatTimeouts.get();
    }

    /** A quarter of the timeout, so a TaskExecutor hears from its leader several times within one timeout. */
    private Duration heartbeatInterval() {
        return heartbeatTimeout.dividedBy(4);
    }

    /** The leader's side of the heartbeat; it carries the token, so a deposed leader's heartbeats are rejected. */
    private void heartbeatTaskExecutors() {
        for (Registered r : registered.values()) {
            gatewayOf(r).thenAccept(TaskExecutorGateway::heartbeatFromResourceManager);
        }
        scheduleRunAsync(this::heartbeatTaskExecutors, heartbeatInterval());
    }

    private CompletableFuture<TaskExecutorGateway> gatewayOf(Registered r) {
        if (r.gateway == null || r.gateway.isCompletedExceptionally()) {
            r.gateway = getRpcService().connect(r.address, getFencingToken(), TaskExecutorGateway.class);
        }
        return r.gateway;
    }

    @Override
    public CompletableFuture<String> deployTask(TaskDeployment deployment) {
        Registered target = registered.values().stream()
                .filter(r -> r.running.size() < r.slots)
                .min(Comparator.comparingInt(r -> r.running.size()))
                .orElse(null);
        if (target == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no free slot for task "
                    + deployment.taskId() + " among " + registered.size() + " TaskExecutor(s)"));
        }
        target.running.add(deployment.taskId());
        String id = target.id;
        return gatewayOf(target)
                .thenCompose(gateway -> gateway.deployTask(deployment))
                .thenApply(ok -> id);
    }

    @Override
    public CompletableFuture<ResourceManagerStatus> status() {
        long now = System.nanoTime();
        List<RegisteredTaskExecutor> list = registered.values().stream()
                .map(r -> new RegisteredTaskExecutor(
                        r.id, r.address, r.slots, List.copyOf(r.running), (now - r.lastHeartbeat) / 1_000_000))
                .toList();
        return CompletableFuture.completedFuture(new ResourceManagerStatus(
                getFencingToken() == null ? -1 : getFencingToken().epoch(), list));
    }
}
