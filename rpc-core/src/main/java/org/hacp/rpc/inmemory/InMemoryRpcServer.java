package org.hacp.rpc.inmemory;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.hacp.rpc.EndpointLifecycle;
import org.hacp.rpc.MainThreadValidator;
import org.hacp.rpc.RecipientUnreachableException;
import org.hacp.rpc.RpcEndpoint;
import org.hacp.rpc.RpcGateway;
import org.hacp.rpc.RpcServer;
import org.hacp.rpc.RpcTimeoutException;
import org.hacp.rpc.wire.RpcMethod;
import org.hacp.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint of an in-memory service. Its main thread is one thread of its own: every call and
 * every piece of work runs there in submission order, inside {@link MainThreadValidator}
 * enter/exit, and nothing it does stops the endpoint. The endpoint's {@link EndpointLifecycle} is
 * confined to that thread; this class only queues work there and completes the termination future.
 */
final class InMemoryRpcServer implements RpcServer, EndpointLifecycle.Transport {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryRpcServer.class);

    private final InMemoryRpcService service;
    private final RpcEndpoint endpoint;
    private final String address;
    private final MainThreadValidator mainThread;
    private final ExecutorService mailbox;
    private final EndpointLifecycle lifecycle;
    private final CompletableFuture<Void> terminationFuture = new CompletableFuture<>();
    /** Set on the main thread when the endpoint has terminated; read by callers to fail fast. */
    private volatile boolean terminated;

    InMemoryRpcServer(InMemoryRpcService service, RpcEndpoint endpoint, String address) {
        this.service = service;
        this.endpoint = endpoint;
        this.address = address;
        this.mainThread = endpoint.getMainThreadValidator();
        this.mailbox = DaemonThreads.single("hacp-inmemory-" + endpoint.getEndpointId());
        this.lifecycle = new EndpointLifecycle(endpoint, address, this);
    }

    RpcEndpoint endpoint() {
        return endpoint;
    }

    boolean isTerminated() {
        return terminated;
    }

    @Override
    public String getAddress() {
        return address;
    }

    @Override
    public String getHostname() {
        return service.getAddress();
    }

    @Override
    public void start() {
        submit(lifecycle::start);
    }

    @Override
    public void stop() {
        submit(lifecycle::stop);
    }

    @Override
    public CompletableFuture<Void> getTerminationFuture() {
        return terminationFuture;
    }

    @Override
    public void runAsync(Runnable runnable, Object token) {
        submit(() -> lifecycle.runAsync(runnable, token));
    }

    @Override
    public <V> CompletableFuture<V> callAsync(Callable<V> callable, Duration timeout, Object token) {
        CompletableFuture<V> result = withTimeout(
                new CompletableFuture<>(),
                timeout,
                "callAsync on endpoint '" + endpoint.getEndpointId() + "' timed out after " + timeout.toMillis()
                        + " ms");
        if (!submit(() -> lifecycle.callAsync(callable, result, token))) {
            result.completeExceptionally(new RecipientUnreachableException(
                    "endpoint '" + endpoint.getEndpointId() + "' at " + address + " has terminated"));
        }
        return result;
    }

    @Override
    public void scheduleRunAsync(Runnable runnable, Duration delay, Object token) {
        if (!service.isClosed()) {
            service.getScheduledExecutor()
                    .schedule(() -> runAsync(runnable, token), delay.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public <C extends RpcGateway> C getSelfGateway(Class<C> gateway) {
        return service.selfGateway(this, gateway);
    }

    /**
     * Runs {@code rpc} with {@code args} on the main thread if the guard admits {@code token};
     * {@code call} (null for a tell) gets the result.
     */
    void invoke(RpcMethod rpc, Object[] args, CompletableFuture<Object> call, Object token) {
        boolean queued = submit(() -> lifecycle.invoke(rpc, args, call, token));
        if (!queued && call != null) {
            call.completeExceptionally(unreachable(rpc));
        }
    }

    /** The future, failed with an {@link RpcTimeoutException} saying {@code message} unless completed within {@code timeout}. */
    <V> CompletableFuture<V> withTimeout(CompletableFuture<V> future, Duration timeout, String message) {
        if (!service.isClosed()) {
            var timer = service.getScheduledExecutor()
                    .schedule(
                            () -> future.completeExceptionally(new RpcTimeoutException(message)),
                            timeout.toNanos(),
                            TimeUnit.NANOSECONDS);
            future.whenComplete((value, failure) -> timer.cancel(false));
        }
        return future;
    }

    RecipientUnreachableException unreachable(RpcMethod rpc) {
        String reason = service.isClosed() ? "the local RPC service is shut down" : "the endpoint has terminated";
        return new RecipientUnreachableException("cannot call " + rpc.displayName() + " on " + address + ": " + reason);
    }

    @Override
    public void runOnMainThread(Runnable work) {
        submit(work);
    }

    @Override
    public void terminated(Throwable failure) {
        terminated = true;
        mailbox.shutdown();
        service.terminationCallbacks().execute(() -> {
            if (failure == null) {
                terminationFuture.complete(null);
            } else {
                terminationFuture.completeExceptionally(failure);
            }
        });
    }

    /** Queues {@code work} for the main thread; false once the endpoint has terminated. */
    private boolean submit(Runnable work) {
        try {
            mailbox.execute(() -> {
                mainThread.enter();
                try {
                    work.run();
                } catch (Throwable t) {
                    LOG.error("Endpoint '{}' failed on its main thread; it keeps serving", endpoint.getEndpointId(), t);
                } finally {
                    mainThread.exit();
                }
            });
            return true;
        } catch (RejectedExecutionException terminatedAlready) {
            return false;
        }
    }
}
