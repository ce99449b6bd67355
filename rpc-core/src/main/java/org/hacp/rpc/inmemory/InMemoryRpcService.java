package org.hacp.rpc.inmemory;

import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.hacp.rpc.EndpointStops;
import org.hacp.rpc.HandshakeException;
import org.hacp.rpc.RpcCallObserver;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcConnectionException;
import org.hacp.rpc.RpcEndpoint;
import org.hacp.rpc.RpcException;
import org.hacp.rpc.RpcGateway;
import org.hacp.rpc.RpcServer;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.wire.GatewayProxies;
import org.hacp.rpc.wire.GatewaySchema;
import org.hacp.rpc.wire.RpcMethod;
import org.hacp.rpc.wire.WireCodec;
import org.hacp.threads.DaemonThreads;

/**
 * An {@link RpcService} of an {@link InMemoryRpcSystem}: endpoints at {@code in-memory://HOST/ID},
 * calls passed by reference to the endpoint's main thread. Gateways are checked as the Pekko
 * service checks them (a gateway that could not cross the wire is refused here too), so a
 * component tested in memory runs unchanged over Artery.
 */
final class InMemoryRpcService implements RpcService {
    private static final Pattern ENDPOINT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final InMemoryRpcSystem system;
    private final RpcConfig config;
    private final String host;
    private final WireCodec codec = new WireCodec();
    private final Map<String, InMemoryRpcServer> servers = new ConcurrentHashMap<>();
    private final ScheduledExecutorService scheduler;
    /** Completes endpoints' termination futures off their main threads. */
    private final ExecutorService terminationCallbacks;

    private final AtomicBoolean closed = new AtomicBoolean();
    private final CompletableFuture<Void> terminationFuture = new CompletableFuture<>();
    private volatile RpcCallObserver callObserver = RpcCallObserver.NONE;

    InMemoryRpcService(InMemoryRpcSystem system, RpcConfig config, String host) {
        this.system = system;
        this.config = config;
        this.host = host;
        this.scheduler = DaemonThreads.scheduled("hacp-inmemory-scheduler-" + host);
        this.terminationCallbacks = DaemonThreads.cached("hacp-inmemory-termination-" + host);
    }

    @Override
    public String getAddress() {
        return host;
    }

    /** No port: nothing listens. */
    @Override
    public int getPort() {
        return -1;
    }

    @Override
    public RpcServer startServer(RpcEndpoint endpoint) {
        String id = endpoint.getEndpointId();
        if (!ENDPOINT_ID.matcher(id).matches()) {
            throw new RpcException(
                    "endpoint id '" + id + "' is not allowed: use 1-200 letters, digits, '.', '_' or '-', "
                            + "starting with a letter or digit");
        }
        if (closed.get()) {
            throw new RpcException("cannot serve endpoint '" + id + "': the RPC service is shut down");
        }
        codec.schemaOf(endpoint.getClass());
        InMemoryRpcServer server = new InMemoryRpcServer(this, endpoint, InMemoryRpcSystem.SCHEME + host + "/" + id);
        if (servers.putIfAbsent(id, server) != null) {
            throw new RpcException(
                    "endpoint id '" + id + "' is in use on this RPC service (its endpoint has not terminated)");
        }
        server.getTerminationFuture().whenComplete((ok, failure) -> servers.remove(id, server));
        return server;
    }

    @Override
    public <C extends RpcGateway> CompletableFuture<C> connect(String address, Class<C> gateway) {
        return connect(address, null, gateway);
    }

    @Override
    public <C extends RpcGateway> CompletableFuture<C> connect(String address, Object callToken, Class<C> gateway) {
        try {
            GatewaySchema schema = codec.schemaOf(gateway);
            InMemoryRpcServer target = resolve(address);
            if (!gateway.isInstance(target.endpoint())) {
                throw new HandshakeException("endpoint at " + address + " does not serve " + gateway.getName());
            }
            return CompletableFuture.completedFuture(proxy(target, gateway, schema, () -> callToken));
        } catch (RpcException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private InMemoryRpcServer resolve(String address) {
        if (closed.get()) {
            throw new RpcConnectionException("cannot connect to " + address + ": the RPC service is shut down");
        }
        if (address == null || !address.startsWith(InMemoryRpcSystem.SCHEME)) {
            throw new RpcConnectionException(
                    "'" + address + "' is not an in-memory address (" + InMemoryRpcSystem.SCHEME + "HOST/ENDPOINT)");
        }
        String rest = address.substring(InMemoryRpcSystem.SCHEME.length());
        int slash = rest.indexOf('/');
        String targetHost = slash < 0 ? rest : rest.substring(0, slash);
        InMemoryRpcService service = targetHost.equals(host) ? this : system.reachable(targetHost);
        InMemoryRpcServer server = service == null || slash < 0 ? null : service.servers.get(rest.substring(slash + 1));
        if (server == null || server.isTerminated()) {
            throw new RpcConnectionException("cannot connect to " + address + ": no such endpoint");
        }
        return server;
    }

    @Override
    public <C extends RpcGateway> C withCallToken(C connected, Object callToken) {
        if (!Proxy.isProxyClass(connected.getClass())
                || !(Proxy.getInvocationHandler(connected) instanceof InMemoryGateway gateway)
                || gateway.owner() != this) {
            throw new IllegalArgumentException(
                    "the gateway to " + connected.getAddress() + " is not one of this service");
        }
        @SuppressWarnings("unchecked")
        Class<C> type = (Class<C>) connected.getClass().getInterfaces()[0];
        return proxy(gateway.target(), type, gateway.schema(), () -> callToken);
    }

    /** A proxy to {@code target}'s {@code gateway} carrying what {@code callToken} says per call. */
    <C extends RpcGateway> C proxy(
            InMemoryRpcServer target, Class<C> gateway, GatewaySchema schema, Supplier<Object> callToken) {
        return gateway.cast(Proxy.newProxyInstance(
                gateway.getClassLoader(),
                new Class<?>[] {gateway},
                new InMemoryGateway(this, target, schema, callToken)));
    }

    /** The proxy of an endpoint's self gateway. */
    <C extends RpcGateway> C selfGateway(InMemoryRpcServer server, Class<C> gateway) {
        return proxy(server, gateway, codec.schemaOf(gateway), server.endpoint()::getCallToken);
    }

    @Override
    public void observeCalls(RpcCallObserver observer) {
        this.callObserver = observer;
    }

    void observeCall(RpcMethod rpc, RpcCallObserver.Outcome outcome, long nanos) {
        GatewayProxies.observe(callObserver, rpc, outcome, nanos);
    }

    @Override
    public ScheduledExecutorService getScheduledExecutor() {
        return scheduler;
    }

    RpcConfig config() {
        return config;
    }

    ExecutorService terminationCallbacks() {
        return terminationCallbacks;
    }

    boolean isClosed() {
        return closed.get();
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        if (!closed.compareAndSet(false, true)) {
            return terminationFuture;
        }
        EndpointStops.stopAll(servers.values()).thenAccept(failures -> {
            scheduler.shutdownNow();
            terminationCallbacks.shutdown();
            RpcException stoppedBadly = EndpointStops.failedStops(host, failures);
            if (stoppedBadly == null) {
                terminationFuture.complete(null);
            } else {
                terminationFuture.completeExceptionally(stoppedBadly);
            }
        });
        return terminationFuture;
    }

    @Override
    public CompletableFuture<Void> getTerminationFuture() {
        return terminationFuture;
    }
}
