package org.hacp.rpc;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.hacp.rpc.wire.GatewayProxies;
import org.hacp.rpc.wire.RpcMethod;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The life of one endpoint as every RPC system runs it (issue 29 item 3): its state, admission of
 * calls and tokened work by the endpoint's {@link CallGuard}, invoking a method and completing or
 * failing the caller's future, logging a failed tell, and the errors a caller gets from an endpoint
 * that is not running. A transport keeps only what is its own: running work on the endpoint's main
 * thread ({@link Transport#runOnMainThread}) and delivering replies (it hands in the futures this
 * class completes).
 *
 * <p>Threading: confined to the endpoint's main thread. Every method must be called there, inside
 * the transport's {@link MainThreadValidator} enter/exit; {@code state} is never read elsewhere.
 *
 * <p>States: CREATED -> RUNNING ({@link #start}) -> STOPPING ({@link #stop}) -> TERMINATED (onStop's
 * future completed); a stop before start, or a failed {@code onStart}, goes straight to
 * TERMINATED. Calls are served only while RUNNING; tokened work runs while RUNNING or STOPPING
 * (onStop may still need the main thread) if the guard admits its token.
 */
public final class EndpointLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointLifecycle.class);

    /** Where an endpoint is in its life. */
    public enum State {
        CREATED,
        RUNNING,
        STOPPING,
        TERMINATED
    }

    /** What a transport does for the lifecycle. */
    public interface Transport {
        /** Queues {@code work} to run later on the endpoint's main thread. */
        void runOnMainThread(Runnable work);

        /**
         * The endpoint has terminated (called on the main thread, once): release the mailbox and
         * complete the termination future, exceptionally with {@code failure} when it is not null.
         */
        void terminated(Throwable failure);
    }

    private final RpcEndpoint endpoint;
    private final String address;
    private final Transport transport;
    /** The endpoint's admission control, or null when it admits every call. */
    private final CallGuard guard;

    private State state = State.CREATED;

    public EndpointLifecycle(RpcEndpoint endpoint, String address, Transport transport) {
        this.endpoint = endpoint;
        this.address = address;
        this.transport = transport;
        this.guard = endpoint instanceof CallGuard g ? g : null;
    }

    public State state() {
        return state;
    }

    /** The endpoint's admission control, or null when it admits every call. */
    public CallGuard guard() {
        return guard;
    }

    /** Null when the guard admits a call of {@code method} with {@code token}; its rejection otherwise. */
    public RuntimeException admitCall(RpcMethod method, Object token) {
        return guard == null ? null : guard.admitCall(method, token);
    }

    /** Runs {@code onStart}; a failure terminates the endpoint with that failure. */
    public void start() {
        if (state != State.CREATED) {
            return;
        }
        state = State.RUNNING;
        try {
            endpoint.internalCallOnStart();
            LOG.debug("Endpoint '{}' started at {}", endpoint.getEndpointId(), address);
        } catch (Throwable t) {
            LOG.error("Endpoint '{}' failed in onStart and terminates", endpoint.getEndpointId(), t);
            terminate(t);
        }
    }

    /** Runs {@code onStop}; the endpoint terminates when its future completes (main-thread work goes on until then). */
    public void stop() {
        if (state == State.STOPPING || state == State.TERMINATED) {
            return;
        }
        if (state == State.CREATED) {
            terminate(null);
            return;
        }
        state = State.STOPPING;
        endpoint.internalCallOnStop()
                .whenComplete((ok, failure) -> transport.runOnMainThread(() -> terminate(failure)));
    }

    /** Runs {@code work} unless the endpoint has not started or the guard no longer admits {@code token}. */
    public void runAsync(Runnable work, Object token) {
        if (state == State.CREATED) {
            LOG.debug("Endpoint '{}' dropped runAsync work: not started", endpoint.getEndpointId());
            return;
        }
        if (state == State.TERMINATED || refusedWork(token) != null) {
            return; // scheduled under a token that is no longer current: it must not run under the new one
        }
        try {
            work.run();
        } catch (Throwable t) {
            LOG.error("Endpoint '{}': runAsync work failed", endpoint.getEndpointId(), t);
        }
    }

    /** Completes {@code result} with what {@code callable} returns, or fails it as {@link #runAsync} would drop it. */
    public <V> void callAsync(Callable<? extends V> callable, CompletableFuture<V> result, Object token) {
        RuntimeException refused =
                state == State.CREATED || state == State.TERMINATED ? notRunning() : refusedWork(token);
        if (refused != null) {
            result.completeExceptionally(refused);
            return;
        }
        try {
            result.complete(callable.call());
        } catch (Throwable t) {
            result.completeExceptionally(t);
        }
    }

    /**
     * Invokes {@code method} with {@code args} (already decoded) if the endpoint runs and the guard
     * admits {@code token}; {@code reply} (null for a tell) gets the result or the failure, a failed
     * tell is logged. The reply may complete later, on whichever thread completes the method's future.
     */
    public void invoke(RpcMethod method, Object[] args, CompletableFuture<Object> reply, Object token) {
        if (state != State.RUNNING) {
            if (reply != null) {
                reply.completeExceptionally(notRunning());
            } else {
                LOG.debug("Endpoint '{}' dropped tell {}: not running", endpoint.getEndpointId(), method.displayName());
            }
            return;
        }
        RuntimeException refused = admitCall(method, token);
        if (refused != null) {
            if (reply != null) {
                reply.completeExceptionally(refused);
            }
            return;
        }
        method.invokeOn(endpoint, endpoint.getEndpointId(), args).whenComplete((value, failure) -> {
            if (failure == null) {
                if (reply != null) {
                    reply.complete(value);
                }
            } else if (reply != null) {
                reply.completeExceptionally(GatewayProxies.unwrap(failure));
            } else {
                logFailedTell(method, GatewayProxies.unwrap(failure));
            }
        });
    }

    /** Logs a tell whose method failed: nobody else will hear of it. Thread-safe. */
    public void logFailedTell(RpcMethod method, Throwable failure) {
        LOG.warn("Endpoint '{}': tell {} failed", endpoint.getEndpointId(), method.displayName(), failure);
    }

    /** What a caller of an endpoint that is not running is told: not started yet, or stopping. */
    public RuntimeException notRunning() {
        if (state == State.CREATED) {
            return new EndpointNotStartedException(
                    "endpoint '" + endpoint.getEndpointId() + "' at " + address + " has not been started");
        }
        return new RecipientUnreachableException(
                "endpoint '" + endpoint.getEndpointId() + "' at " + address + " is stopping");
    }

    /** Null when {@code token}-carrying work may run; the guard's rejection otherwise. */
    private RuntimeException refusedWork(Object token) {
        return guard == null || token == null ? null : guard.admitMainThreadWork(token);
    }

    private void terminate(Throwable failure) {
        if (state == State.TERMINATED) {
            return;
        }
        state = State.TERMINATED;
        transport.terminated(failure == null ? null : GatewayProxies.unwrap(failure));
    }
}
