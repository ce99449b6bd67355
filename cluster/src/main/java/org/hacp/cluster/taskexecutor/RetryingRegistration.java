package org.hacp.cluster.taskexecutor;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;
import org.hacp.leader.LeaderInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TaskExecutor's registration with one ResourceManager leader, tried until it succeeds or is
 * cancelled, waiting {@code initial}, then twice as long each time up to {@code max} between tries
 * (issue 29 item 2: cut out of {@link TaskExecutor}, after Flink's {@code RetryingRegistration}).
 *
 * <p>Threads: {@link #start} and {@link #cancel} on the TaskExecutor's main thread; every outcome
 * and every retry is handed to {@code mainThread} (which runs across a change of fencing token),
 * so {@code onRegistered} runs there, and a cancelled registration, checked there, calls nothing
 * and tries no more.
 */
final class RetryingRegistration {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingRegistration.class);

    private final String taskExecutorId;
    private final LeaderInformation target;
    private final Supplier<CompletableFuture<ResourceManagerGateway>> attempt;
    private final Consumer<ResourceManagerGateway> onRegistered;
    private final Executor mainThread;
    private final ScheduledExecutorService scheduler;
    private final Duration max;
    private Duration backoff;
    /** Main thread only. */
    private boolean cancelled;

    /**
     * @param attempt one try: connects (or reuses a prepared gateway) and registers; its future
     *     completes with the gateway it registered over. Called on the main thread.
     */
    RetryingRegistration(
            String taskExecutorId,
            LeaderInformation target,
            Supplier<CompletableFuture<ResourceManagerGateway>> attempt,
            Consumer<ResourceManagerGateway> onRegistered,
            Executor mainThread,
            ScheduledExecutorService scheduler,
            Duration initial,
            Duration max) {
        this.taskExecutorId = taskExecutorId;
        this.target = target;
        this.attempt = attempt;
        this.onRegistered = onRegistered;
        this.mainThread = mainThread;
        this.scheduler = scheduler;
        this.backoff = initial;
        this.max = max;
    }

    /** Makes the first try. Main thread. */
    void start() {
        tryOnce();
    }

    /** No callback and no further try after this (an outcome on its way is dropped). Main thread. */
    void cancel() {
        cancelled = true;
    }

    private void tryOnce() {
        attempt.get().whenComplete((gateway, failure) -> mainThread.execute(() -> outcome(gateway, failure)));
    }

    private void outcome(ResourceManagerGateway gateway, Throwable failure) {
        if (cancelled) {
            return;
        }
        if (failure == null) {
            onRegistered.accept(gateway);
            return;
        }
        Duration wait = backoff;
        backoff = backoff.multipliedBy(2).compareTo(max) > 0 ? max : backoff.multipliedBy(2);
        LOG.info(
                "TaskExecutor '{}': registration at epoch {} failed ({}); retrying in {} ms",
                taskExecutorId,
                target.epoch(),
                failure.getMessage(),
                wait.toMillis());
        scheduler.schedule(
                () -> mainThread.execute(() -> {
                    if (!cancelled) {
                        tryOnce();
                    }
                }),
                wait.toMillis(),
                TimeUnit.MILLISECONDS);
    }
}
