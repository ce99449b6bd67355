package org.hacp.rpc.inmemory;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.hacp.rpc.CallGuard;
import org.hacp.rpc.EndpointNotStartedException;
import org.hacp.rpc.MainThreadValidator;
import org.hacp.rpc.RecipientUnreachableException;
import org.hacp.rpc.RpcEndpoint;
import org.hacp.rpc.RpcGateway;
import org.hacp.rpc.RpcServer;
import org.hacp.rpc.RpcTimeoutException;
import org.hacp.rpc.wire.GatewayProxies;
import org.hacp.rpc.wire.RpcMethod;
import org.hacp.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint of an in-memory service. Its main thread is one thread of its own: every call and
 * every piece of work runs there in submission order, inside {@link MainThreadValidator}
 * enter/exit, and nothing it does stops the endpoint. {@code state} is confined to that thread.
 */
final class InMemoryRpcServer implements RpcServer {
    private static final Logger LOG = LoggerFactory.getLogger(InMemoryRpcServer.class);

    private enum State {
        CREATED,
        RUNNING,
        STOPPING,
        TERMINATED
    }

    private final InMemoryRpcService service;
    private final RpcEndpoint endpoint;
    private final String address;
    private final CallGuard guard;
    private final MainThreadValidator mainThread;
    private final ExecutorService mailbox;
    private final CompletableFuture<Void> terminationFuture = new CompletableFuture<>();
    /** Main thread only. */
    private State state = State.CREATED;
    /** Set on the main thread when the endpoint has terminated; read by callers to fail fast. */
    private volatile boolean terminated;

    InMemoryRpcServer(InMemoryRpcService service, RpcEndpoint endpoint, String address) {
        this.service = service;
        this.endpoint = endpoint;
        this.address = address;
        this.guard = endpoint instanceof CallGuard g ? g : null;
        this.mainThread = endpoint.getMainThreadValidator();
        this.mailbox = DaemonThreads.single("hacp-inmemory-" + endpoint.getEndpointId());
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
        submit(this::handleStart);
    }

    @Override
    public void stop() {
        submit(this::handleStop);
    }

    @Override
    public CompletableFuture<Void> getTerminationFuture() {
        return terminationFuture;
    }

    @Override
    public void runAsync(Runnable runnable, Object token) {
        submit(() -> {
            if (state == State.CREATED || refused(token) != null) {
                return; // not started, or scheduled under a token that is no longer current
            }
            runnable.run();
        });
    }

    @Override
    public <V> CompletableFuture<V> callAsync(Callable<V> callable, Duration timeout, Object token) {
        CompletableFuture<V> result = withTimeout(
                new CompletableFuture<>(),
                timeout,
                "callAsync on endpoint '" + endpoint.getEndpointId() + "' timed out after " + timeout.toMillis()
                        + " ms");
        boolean queued = submit(() -> {
            RuntimeException refused = state == State.CREATED ? notRunning() : refused(token);
            if (refused != null) {
                result.completeExceptionally(refused);
                return;
            }
            try {
                result.complete(callable.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        if (!queued) {
            result.completeExceptionally(notRunning());
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
        boolean queued = submit(() -> handleInvocation(rpc, args, call, token));
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

    private void handleInvocation(RpcMethod rpc, Object[] args, CompletableFuture<Object> call, Object token) {
        if (state != State.RUNNING) {
            if (call != null) {
                call.completeExceptionally(notRunning());
            }
            return;
        }
        RuntimeException refused = guard == null ? null : guard.admitCall(rpc, token);
        if (refused != null) {
            if (call != null) {
                call.completeExceptionally(refused);
            }
            return;
        }
        rpc.invokeOn(endpoint, endpoint.getEndpointId(), args).whenComplete((value, failure) -> {
            if (failure == null) {
                if (call != null) {
                    call.complete(value);
                }
            } else {
                fail(call, rpc, GatewayProxies.unwrap(failure));
            }
        });
    }

    private void fail(CompletableFuture<Object> call, RpcMethod rpc, Throwable failure) {
        if (call != null) {
            call.completeExceptionally(failure);
        } else {
            LOG.warn("Endpoint '{}': tell {} failed", endpoint.getEndpointId(), rpc.displayName(), failure);
        }
    }

    private void handleStart() {
        if (state != State.CREATED) {
            return;
        }
        state = State.RUNNING;
        try {
            endpoint.internalCallOnStart();
        } catch (Throwable t) {
            LOG.error("Endpoint '{}' failed in onStart and terminates", endpoint.getEndpointId(), t);
            terminate(t);
        }
    }

    private void handleStop() {
        if (state == State.STOPPING || state == State.TERMINATED) {
            return;
        }
        if (state == State.CREATED) {
            terminate(null);
            return;
        }
        state = State.STOPPING;
        CompletableFuture<Void> stopped = endpoint.internalCallOnStop();
        // Main-thread work goes on until onStop's future completes, as on a Pekko endpoint.
        stopped.whenComplete((ok, failure) -> submit(() -> terminate(failure)));
    }

    private void terminate(Throwable failure) {
        state = State.TERMINATED;
        terminated = true;
        mailbox.shutdown();
        Throwable cause = failure == null ? null : GatewayProxies.unwrap(failure);
        service.terminationCallbacks().execute(() -> {
            if (cause == null) {
                terminationFuture.complete(null);
            } else {
                terminationFuture.completeExceptionally(cause);
            }
        });
    }

    private RuntimeException refused(Object token) {
        return guard == null || token == null ? null : guard.admitMainThreadWork(token);
    }

    private RuntimeException notRunning() {
        if (state == State.CREATED) {
            return new EndpointNotStartedException(
                    "endpoint '" + endpoint.getEndpointId() + "' at " + address + " has not been started");
        }
        return new RecipientUnreachableException(
                "endpoint '" + endpoint.getEndpointId() + "' at " + address + " is stopping");
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
