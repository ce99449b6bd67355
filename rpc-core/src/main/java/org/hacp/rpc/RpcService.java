package org.hacp.rpc;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Owns the transport (one actor system) of a process: serves endpoints, connects gateways to
 * remote ones, and schedules work. Closing it stops every endpoint it serves, then the transport.
 */
public interface RpcService {

    /** The advertised host other processes reach this service at. */
    String getAddress();

    /** The advertised port, or -1 for a local-only service. */
    int getPort();

    /**
     * Serves {@code endpoint} under its endpoint id. Called by the {@link RpcEndpoint} constructor.
     *
     * @throws UnencodableGatewayException if one of its gateways cannot be encoded safely
     * @throws RpcException if the id is in use or the service is closed
     */
    RpcServer startServer(RpcEndpoint endpoint);

    /**
     * Resolves {@code address}, checks by handshake that it serves {@code gateway} in this
     * protocol version, and returns a proxy. Fails with {@link RpcConnectionException} when the
     * address is malformed or cannot be reached within the configured attempts, with
     * {@link HandshakeException} on a version or gateway mismatch, and with
     * {@link UnencodableGatewayException} when the gateway cannot be encoded.
     */
    <C extends RpcGateway> CompletableFuture<C> connect(String address, Class<C> gateway);

    /**
     * Like {@link #connect(String, Class)}, but the proxy attaches {@code callToken} (encoded as JSON
     * on the wire) to every call, for the endpoint's {@link CallGuard} to check.
     */
    <C extends RpcGateway> CompletableFuture<C> connect(String address, Object callToken, Class<C> gateway);

    /**
     * A gateway to the endpoint that {@code connected} (a proxy from this service's {@code connect})
     * talks to, attaching {@code callToken} to every call. No round trip: a gateway connected before
     * a leadership change serves the new token at once (issue 16). It fails as {@code connected}
     * would if the endpoint is gone.
     *
     * @throws IllegalArgumentException if {@code connected} is not a proxy of this service
     */
    <C extends RpcGateway> C withCallToken(C connected, Object callToken);

    /** Tells {@code observer} of every call this service's gateways make from now on (one observer; the last set wins). */
    void observeCalls(RpcCallObserver observer);

    /** An executor for timers that need no endpoint's main thread; shut down with the service. */
    ScheduledExecutorService getScheduledExecutor();

    /**
     * Stops every endpoint (each {@code onStop} once), then the transport. Idempotent. The future
     * completes once the endpoints have stopped and the transport has terminated, or has overrun
     * its bound (a WARN names what it still waits for), whichever comes first: a close never waits
     * on a library's shutdown without end (issue 28).
     */
    CompletableFuture<Void> closeAsync();

    /** Completes when {@link #closeAsync()} has finished. */
    CompletableFuture<Void> getTerminationFuture();

    /**
     * Completes once the transport's own threads are gone too: later than {@link
     * #getTerminationFuture()} when the transport overran its close bound. What must wait for it is
     * whatever those threads still need, such as the class loader they run from.
     */
    default CompletableFuture<Void> getTransportTerminationFuture() {
        return getTerminationFuture();
    }
}
