package org.hacp.rpc;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * The running side of one {@link RpcEndpoint}: starts and stops it, runs work on its main
 * thread, and hands out its self gateway. Created by {@link RpcService#startServer}.
 */
@LocalGatewayMethods
public interface RpcServer extends RpcGateway {

    /** Asks the endpoint to start; {@link RpcEndpoint#onStart()} then runs on its main thread. */
    void start();

    /** Asks the endpoint to stop; see {@link RpcEndpoint#closeAsync()}. */
    void stop();

    /** Completes when the endpoint has terminated and its id can be reused. */
    CompletableFuture<Void> getTerminationFuture();

    /** Runs {@code runnable} on the main thread, after the messages already queued. */
    default void runAsync(Runnable runnable) {
        runAsync(runnable, null);
    }

    /**
     * Like {@link #runAsync(Runnable)}, but when {@code token} is not null the endpoint's
     * {@link CallGuard} must still admit it when the work is processed, or the work is dropped.
     */
    void runAsync(Runnable runnable, Object token);

    /** Runs {@code callable} on the main thread; the future fails with {@link RpcTimeoutException} after {@code timeout}. */
    default <V> CompletableFuture<V> callAsync(Callable<V> callable, Duration timeout) {
        return callAsync(callable, timeout, null);
    }

    /** Like {@link #callAsync(Callable, Duration)}, guarded by {@code token} as in {@link #runAsync(Runnable, Object)}. */
    <V> CompletableFuture<V> callAsync(Callable<V> callable, Duration timeout, Object token);

    /** Runs {@code runnable} on the main thread no earlier than {@code delay} from now. */
    default void scheduleRunAsync(Runnable runnable, Duration delay) {
        scheduleRunAsync(runnable, delay, null);
    }

    /** Like {@link #scheduleRunAsync(Runnable, Duration)}, guarded by {@code token} when it runs. */
    void scheduleRunAsync(Runnable runnable, Duration delay, Object token);

    /** A proxy that calls this endpoint through its own mailbox, as any other caller would. */
    <C extends RpcGateway> C getSelfGateway(Class<C> gateway);
}
