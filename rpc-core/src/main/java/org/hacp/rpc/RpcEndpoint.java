package org.hacp.rpc;

import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base class of every RPC server-side component. Its RPCs, {@link #runAsync},
 * {@link #callAsync} and {@link #scheduleRunAsync} all run one at a time on its <em>main
 * thread</em>, so its state needs no locks.
 *
 * <p>Lifecycle: created (served, but every call fails with {@link EndpointNotStartedException})
 * → {@link #start()} → {@link #onStart()} on the main thread → running → {@link #closeAsync()}
 * → {@link #onStop()} once, on the main thread, whose future may finish later → terminated. If
 * {@code onStart} throws, the endpoint terminates without {@code onStop} and its termination future
 * fails with that exception. Once the termination future completes, the endpoint id can be used
 * again.
 */
public abstract class RpcEndpoint implements RpcGateway {
    protected final Logger log = LoggerFactory.getLogger(getClass());

    private final RpcService rpcService;
    private final String endpointId;
    private final MainThreadValidator mainThreadValidator = new MainThreadValidator();
    private final RpcServer rpcServer;
    private final Executor mainThreadExecutor;

    /**
     * Serves this endpoint on {@code rpcService} under {@code endpointId} (letters, digits,
     * '.', '_' and '-'). It does not start it.
     */
    protected RpcEndpoint(RpcService rpcService, String endpointId) {
        this.rpcService = Objects.requireNonNull(rpcService, "rpcService");
        this.endpointId = Objects.requireNonNull(endpointId, "endpointId");
        this.rpcServer = rpcService.startServer(this);
        this.mainThreadExecutor = this::runAsync;
    }

    /** Serves this endpoint under a random id. */
    protected RpcEndpoint(RpcService rpcService) {
        this(rpcService, "endpoint-" + UUID.randomUUID());
    }

    public final String getEndpointId() {
        return endpointId;
    }

    @Override
    public String getAddress() {
        return rpcServer.getAddress();
    }

    @Override
    public String getHostname() {
        return rpcServer.getHostname();
    }

    public final RpcService getRpcService() {
        return rpcService;
    }

    /** For RPC service implementations: the marker of this endpoint's main thread. */
    public final MainThreadValidator getMainThreadValidator() {
        return mainThreadValidator;
    }

    /** Starts the endpoint; {@link #onStart()} runs on the main thread. */
    public final void start() {
        rpcServer.start();
    }

    /**
     * Runs on the main thread when the endpoint starts. Throwing terminates the endpoint and
     * fails its termination future with the exception.
     */
    protected void onStart() throws Exception {}

    /** Stops the endpoint; the returned future is the termination future. Idempotent. */
    public final CompletableFuture<Void> closeAsync() {
        rpcServer.stop();
        return rpcServer.getTerminationFuture();
    }

    /**
     * Runs once on the main thread when the endpoint stops. Main-thread work and the futures it
     * schedules still run until the returned future completes; RPCs are refused. A failed future
     * fails the termination future.
     */
    protected CompletableFuture<Void> onStop() {
        return CompletableFuture.completedFuture(null);
    }

    /** For RPC service implementations only: runs {@link #onStart()} (on the main thread). */
    public final void internalCallOnStart() throws Exception {
        validateRunsInMainThread();
        onStart();
    }

    /**
     * For RPC service implementations only: runs {@link #onStop()} (on the main thread). Never
     * throws: what {@code onStop} throws, or a call off the main thread, is the future's failure.
     */
    public final CompletableFuture<Void> internalCallOnStop() {
        try {
            validateRunsInMainThread();
            CompletableFuture<Void> stopped = onStop();
            return stopped == null ? CompletableFuture.completedFuture(null) : stopped;
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
    }

    public final CompletableFuture<Void> getTerminationFuture() {
        return rpcServer.getTerminationFuture();
    }

    /** A proxy to this endpoint through its own mailbox. */
    public <C extends RpcGateway> C getSelfGateway(Class<C> gateway) {
        return rpcServer.getSelfGateway(gateway);
    }

    /** Executes tasks on the main thread, guarded like {@link #runAsync}. */
    protected final Executor getMainThreadExecutor() {
        return mainThreadExecutor;
    }

    /**
     * The token this endpoint's self gateway and its main-thread work carry, captured when a call
     * or task is submitted; null (the default) unless the endpoint is a {@link CallGuard}. Read from
     * any thread.
     */
    public Object getCallToken() {
        return null;
    }

    /** The server running this endpoint, for subclasses that submit unguarded work. */
    protected final RpcServer getRpcServer() {
        return rpcServer;
    }

    /** Runs on the main thread; guarded by {@link #getCallToken()} as it is now. */
    protected final void runAsync(Runnable runnable) {
        rpcServer.runAsync(runnable, getCallToken());
    }

    /** Calls on the main thread; guarded by {@link #getCallToken()} as it is now. */
    protected final <V> CompletableFuture<V> callAsync(Callable<V> callable, Duration timeout) {
        return rpcServer.callAsync(callable, timeout, getCallToken());
    }

    /** Runs on the main thread after {@code delay}; guarded by {@link #getCallToken()} as it is now. */
    protected final void scheduleRunAsync(Runnable runnable, Duration delay) {
        rpcServer.scheduleRunAsync(runnable, delay, getCallToken());
    }

    /** Whether the caller runs on this endpoint's main thread. */
    public final boolean isRunningInMainThread() {
        return mainThreadValidator.isMainThread();
    }

    /**
     * Throws {@link IllegalStateException} unless called from the main thread. Always checked,
     * not only with {@code -ea}.
     */
    public final void validateRunsInMainThread() {
        if (!mainThreadValidator.isMainThread()) {
            throw new IllegalStateException("Endpoint '" + endpointId + "' state accessed from thread '"
                    + Thread.currentThread().getName() + "', which is not its main thread");
        }
    }
}
