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
    void runAsync(Runnable runnable);

    /** Runs {@code callable} on the main thread; the future fails with {@link RpcTimeoutException} after {@code timeout}. */
    <V> CompletableFuture<V> callAsync(Callable<V> callable, Duration timeout);

    /** Runs {@code runnable} on the main thread no earlier than {@code delay} from now. */
    void scheduleRunAsync(Runnable runnable, Duration delay);

    /** A proxy that calls this endpoint through its own mailbox, as any other caller would. */
    <C extends RpcGateway> C getSelfGateway(Class<C> gateway);
}
