package org.hacp.rpc.pekko;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.apache.pekko.actor.ActorRef;
import org.hacp.protocol.ProtocolRange;
import org.hacp.rpc.RpcEndpoint;
import org.hacp.rpc.RpcGateway;
import org.hacp.rpc.RpcServer;
import org.hacp.rpc.RpcTimeoutException;
import org.hacp.rpc.wire.GatewaySchema;
import org.hacp.rpc.wire.HandshakeRequest;
import org.hacp.rpc.wire.HandshakeResponse;
import org.hacp.rpc.wire.WireCodec;

/**
 * The Pekko-backed {@link RpcServer} of one endpoint: its actor, its schema, its self gateway and
 * its termination future.
 */
final class PekkoRpcServer implements RpcServer {
    private final PekkoRpcService service;
    private final RpcEndpoint endpoint;
    private final GatewaySchema schema;
    private final String address;
    private final CompletableFuture<Void> terminationFuture = new CompletableFuture<>();
    private volatile ActorRef actor;
    private volatile Throwable terminationFailure;
    private volatile RpcGateway selfGateway;

    PekkoRpcServer(PekkoRpcService service, RpcEndpoint endpoint, GatewaySchema schema, String address) {
        this.service = service;
        this.endpoint = endpoint;
        this.schema = schema;
        this.address = address;
    }

    void bind(ActorRef actor) {
        this.actor = actor;
        Set<Class<?>> interfaces = new LinkedHashSet<>();
        for (String name : schema.gatewayNames()) {
            for (Class<?> c : allInterfaces(endpoint.getClass())) {
                if (c.getName().equals(name)) {
                    interfaces.add(c);
                }
            }
        }
        interfaces.add(RpcGateway.class);
        TargetState target = new TargetState(actor, address);
        this.selfGateway = (RpcGateway) Proxy.newProxyInstance(
                endpoint.getClass().getClassLoader(),
                interfaces.toArray(new Class<?>[0]),
                new GatewayInvocationHandler(
                        service, target, true, schema, address, service.getAddress(), endpoint::getCallToken, null));
    }

    private static Set<Class<?>> allInterfaces(Class<?> type) {
        Set<Class<?>> out = new LinkedHashSet<>();
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                out.add(i);
                out.addAll(allInterfaces(i));
            }
        }
        return out;
    }

    RpcEndpoint endpoint() {
        return endpoint;
    }

    GatewaySchema schema() {
        return schema;
    }

    WireCodec codec() {
        return service.codec();
    }

    long maxFrameSize() {
        return service.config().maxFrameSize();
    }

    /** A remote caller was answered UNREACHABLE as this endpoint stopped: the service flushes to it before closing. */
    void answeredOnStop(ActorRef caller) {
        service.stopAnswers().add(caller);
    }

    ActorRef actor() {
        return actor;
    }

    HandshakeResponse handshake(HandshakeRequest request) {
        OptionalInt common = ProtocolRange.CURRENT.highestCommon(request.protocols());
        if (common.isEmpty()) {
            return new HandshakeResponse(
                    HandshakeResponse.Outcome.REFUSED,
                    "no protocol version in common: the caller speaks " + request.protocols() + ", endpoint '"
                            + endpoint.getEndpointId() + "' speaks " + ProtocolRange.CURRENT);
        }
        if (!schema.gatewayNames().contains(request.gateway())) {
            return new HandshakeResponse(
                    HandshakeResponse.Outcome.REFUSED,
                    "endpoint '" + endpoint.getEndpointId() + "' ("
                            + endpoint.getClass().getName() + ") does not implement gateway " + request.gateway());
        }
        return new HandshakeResponse(
                HandshakeResponse.Outcome.ACCEPTED, null, actor.path().uid(), common.getAsInt());
    }

    void recordTerminationFailure(Throwable failure) {
        if (failure != null && terminationFailure == null) {
            terminationFailure = failure;
        }
    }

    /**
     * Called by the supervisor once the actor is gone and its name is free again. The future is
     * completed on another thread: its callbacks may start endpoints, which needs the supervisor.
     */
    void terminated() {
        Throwable failure = terminationFailure;
        Runnable complete = () -> {
            if (failure == null) {
                terminationFuture.complete(null);
            } else {
                terminationFuture.completeExceptionally(failure);
            }
        };
        try {
            service.terminationCallbacks().execute(complete);
        } catch (RejectedExecutionException e) {
            complete.run(); // the service is terminating: nobody can start an endpoint any more
        }
    }

    void scheduleToSelf(EndpointMessages.RunAsync run, Duration delay) {
        service.scheduleMessage(actor, run, delay);
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
        actor.tell(EndpointMessages.Control.START, ActorRef.noSender());
    }

    @Override
    public void stop() {
        actor.tell(EndpointMessages.Control.STOP, ActorRef.noSender());
    }

    @Override
    public CompletableFuture<Void> getTerminationFuture() {
        return terminationFuture;
    }

    @Override
    public void runAsync(Runnable runnable, Object token) {
        actor.tell(new EndpointMessages.RunAsync(runnable, 0, token), ActorRef.noSender());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> CompletableFuture<V> callAsync(Callable<V> callable, Duration timeout, Object token) {
        LocalCall call =
                new LocalCall(new CompletableFuture<>(), "callAsync on endpoint '" + endpoint.getEndpointId() + "'");
        call.timeout = service.scheduleTimeout(
                timeout,
                () -> call.fail(
                        new RpcTimeoutException(call.description + " timed out after " + timeout.toMillis() + " ms")));
        actor.tell(new EndpointMessages.CallAsync(callable, call, token), ActorRef.noSender());
        return (CompletableFuture<V>) call.future;
    }

    @Override
    public void scheduleRunAsync(Runnable runnable, Duration delay, Object token) {
        if (delay.isZero() || delay.isNegative()) {
            runAsync(runnable, token);
            return;
        }
        EndpointMessages.RunAsync run =
                new EndpointMessages.RunAsync(runnable, System.nanoTime() + delay.toNanos(), token);
        service.scheduleMessage(actor, run, delay);
    }

    @Override
    public <C extends RpcGateway> C getSelfGateway(Class<C> gateway) {
        if (!gateway.isInstance(selfGateway)) {
            throw new IllegalArgumentException("endpoint '" + endpoint.getEndpointId() + "' does not implement "
                    + gateway.getName() + "; it implements "
                    + Arrays.toString(selfGateway.getClass().getInterfaces()));
        }
        return gateway.cast(selfGateway);
    }
}
