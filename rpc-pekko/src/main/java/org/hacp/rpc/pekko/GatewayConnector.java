package org.hacp.rpc.pekko;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.ActorPath;
import org.apache.pekko.actor.ActorPaths;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Address;
import org.apache.pekko.pattern.Patterns;
import org.hacp.protocol.ProtocolRange;
import org.hacp.rpc.HandshakeException;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcConnectionException;
import org.hacp.rpc.RpcException;
import org.hacp.rpc.RpcGateway;
import org.hacp.rpc.wire.GatewayProxies;
import org.hacp.rpc.wire.GatewaySchema;
import org.hacp.rpc.wire.HandshakeRequest;
import org.hacp.rpc.wire.HandshakeResponse;
import org.hacp.rpc.wire.WireCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects gateways for one {@link PekkoRpcService}: parses the address, handshakes with the
 * endpoint (retrying within the configured attempts), and makes the proxy; re-tokens a proxy it
 * made without a round trip. Stateless beyond the service's own parts; any thread.
 */
final class GatewayConnector {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayConnector.class);

    private final PekkoRpcService service;
    private final RpcConfig config;
    private final boolean remote;
    private final String advertisedHost;
    private final WireCodec codec;
    private final ScheduledExecutorService scheduledExecutor;
    private final AtomicBoolean closed;
    /** The actor systems this service connected a gateway to: what a close that overruns names. */
    private final Set<Address> peers = ConcurrentHashMap.newKeySet();

    GatewayConnector(
            PekkoRpcService service,
            RpcConfig config,
            boolean remote,
            String advertisedHost,
            WireCodec codec,
            ScheduledExecutorService scheduledExecutor,
            AtomicBoolean closed) {
        this.service = service;
        this.config = config;
        this.remote = remote;
        this.advertisedHost = advertisedHost;
        this.codec = codec;
        this.scheduledExecutor = scheduledExecutor;
        this.closed = closed;
    }

    <C extends RpcGateway> CompletableFuture<C> connect(String address, Object callToken, Class<C> gateway) {
        CompletableFuture<C> result = new CompletableFuture<>();
        GatewaySchema schema;
        ActorPath path;
        byte[] encodedToken;
        try {
            schema = codec.schemaOf(gateway);
            path = parse(address);
            encodedToken = encodeCallToken(callToken);
        } catch (RpcException e) {
            result.completeExceptionally(e);
            return result;
        }
        attemptConnect(new ConnectRequest(address, path, gateway, schema, callToken, encodedToken), 1, result);
        return result;
    }

    private record ConnectRequest(
            String address,
            ActorPath path,
            Class<?> gateway,
            GatewaySchema schema,
            Object callToken,
            byte[] encodedToken) {}

    /** The wire form of a call token: JSON of its own type; null for none. */
    byte[] encodeCallToken(Object token) {
        if (token == null) {
            return null;
        }
        try {
            return codec.mapper().writeValueAsBytes(token);
        } catch (JsonProcessingException | RuntimeException e) {
            throw new RpcException(
                    "cannot encode call token of type " + token.getClass().getName() + ": " + e.getMessage(), e);
        }
    }

    private ActorPath parse(String address) {
        ActorPath path;
        try {
            if (!address.startsWith("pekko://")) { // another RPC system's address (in-memory://) or none
                throw new IllegalArgumentException("not a pekko:// address");
            }
            path = ActorPaths.fromString(address);
        } catch (Exception e) { // Scala throws MalformedURLException without declaring it
            throw new RpcConnectionException(
                    "malformed RPC address '" + address
                            + "' (expected pekko://<system>@<host>:<port>/user/rpc/<endpoint-id>): " + e.getMessage(),
                    e);
        }
        if (path.address().hasGlobalScope() && !remote) {
            throw new RpcConnectionException(
                    "cannot reach remote address '" + address + "' from a local-only RPC service");
        }
        return path;
    }

    private <C extends RpcGateway> void attemptConnect(
            ConnectRequest request, int attempt, CompletableFuture<C> result) {
        Duration timeout = config.connectAttemptTimeout();
        String address = request.address();
        // The path is resolved locally, without asking the peer: remote actor selection is off
        // (untrusted mode, issue 12), and a missing endpoint answers the handshake NO_ENDPOINT.
        ActorRef endpoint = service.actorAt(address);
        Patterns.ask(
                        endpoint,
                        new HandshakeRequest(
                                ProtocolRange.CURRENT, request.gateway().getName()),
                        timeout)
                .thenApply(answer ->
                        service.actorAt(ConnectFailures.accepted((HandshakeResponse) answer, endpoint, address)))
                .whenComplete((ref, failure) -> {
                    if (failure == null) {
                        @SuppressWarnings("unchecked")
                        C proxy = (C) proxyFor(ref, request);
                        result.complete(proxy);
                        return;
                    }
                    Throwable cause = GatewayProxies.unwrap(failure);
                    if (cause instanceof HandshakeException || closed.get()) {
                        result.completeExceptionally(cause);
                    } else if (attempt >= config.connectMaxAttempts()) {
                        result.completeExceptionally(new RpcConnectionException(
                                "could not connect to " + address + " after " + attempt + " attempt(s) of "
                                        + timeout.toMillis() + " ms: " + ConnectFailures.describe(cause),
                                cause));
                    } else {
                        LOG.debug(
                                "Connect attempt {} to {} failed ({}); retrying",
                                attempt,
                                address,
                                ConnectFailures.describe(cause));
                        scheduledExecutor.schedule(
                                () -> attemptConnect(request, attempt + 1, result),
                                config.connectRetryDelay().toMillis(),
                                TimeUnit.MILLISECONDS);
                    }
                });
    }

    private Object proxyFor(ActorRef ref, ConnectRequest request) {
        boolean local = ref.path().address().hasLocalScope();
        TargetState target = new TargetState(ref, request.address());
        if (!local) {
            peers.add(ref.path().address());
            service.replyActor().tell(new ReplyActor.Track(target), ActorRef.noSender());
        }
        String host = request.path().address().getHost().orElse(advertisedHost);
        Object token = request.callToken();
        return Proxy.newProxyInstance(
                request.gateway().getClassLoader(),
                new Class<?>[] {request.gateway()},
                new GatewayInvocationHandler(
                        service,
                        target,
                        local,
                        request.schema(),
                        request.address(),
                        host,
                        () -> token,
                        request.encodedToken()));
    }

    /** The actor systems this service has connected gateways to. */
    Set<Address> peers() {
        return Set.copyOf(peers);
    }

    <C extends RpcGateway> C withCallToken(C connected, Object callToken) {
        if (!Proxy.isProxyClass(connected.getClass())
                || !(Proxy.getInvocationHandler(connected) instanceof GatewayInvocationHandler handler)) {
            throw new IllegalArgumentException("not a gateway of an RPC service: " + connected.getClass());
        }
        GatewayInvocationHandler retokened = handler.withCallToken(service, callToken, encodeCallToken(callToken));
        @SuppressWarnings("unchecked")
        C proxy = (C) Proxy.newProxyInstance(
                connected.getClass().getClassLoader(), connected.getClass().getInterfaces(), retokened);
        return proxy;
    }
}
