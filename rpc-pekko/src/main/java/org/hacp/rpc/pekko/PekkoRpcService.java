package org.hacp.rpc.pekko;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.apache.pekko.actor.ActorPath;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Props;
import org.hacp.rpc.EndpointStops;
import org.hacp.rpc.RecipientUnreachableException;
import org.hacp.rpc.RpcCallObserver;
import org.hacp.rpc.RpcConfig;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RpcService} on one Pekko {@code ActorSystem}: Artery TCP for a remote service, or local
 * only. Endpoint actors are children of one supervisor at {@code /user/rpc}; encoded asks are
 * answered to one reply actor; Java serialization is off and only {@code WireMessage}s have a
 * serializer, so nothing else can cross the wire.
 */
public final class PekkoRpcService implements RpcService {
    private static final Logger LOG = LoggerFactory.getLogger(PekkoRpcService.class);
    /**
     * How long a close waits for the actor system after the endpoints stopped. A close takes about
     * 1 s when a peer it talked to is dead (Artery's shutdown flush waits that long for its ack),
     * about 0.1 s otherwise (measured in ServiceCloseIT); Artery over TLS once waited over 30 s for
     * its streams (issue 28), and Pekko 1.7 bounds that wait by nothing.
     */
    static final Duration TRANSPORT_CLOSE_BOUND = Duration.ofSeconds(3);

    private static final Pattern ENDPOINT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,199}");

    private final RpcConfig config;
    private final ActorSystem system;
    private final boolean remote;
    private final String advertisedHost;
    private final int advertisedPort;
    private final String baseAddress;
    private final WireCodec codec = new WireCodec();
    private final PendingCalls pendingCalls = new PendingCalls();
    private final ActorRef supervisor;
    private final ActorRef replyActor;
    private final ScheduledExecutorService scheduledExecutor;
    /**
     * Completes endpoints' termination futures, so their callbacks never run on the supervisor's
     * thread: a callback that started a new endpoint once stalled the whole service until the ask
     * timeout, waiting for the supervisor it was blocking (issue 13).
     */
    private final ExecutorService terminationCallbacks;

    private final Map<String, PekkoRpcServer> servers = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set once every endpoint has stopped and the transport is going down; calls fail fast from then on. */
    private volatile boolean transportStopped;

    private volatile RpcCallObserver callObserver = RpcCallObserver.NONE;

    private final CompletableFuture<Void> terminationFuture = new CompletableFuture<>();
    private final CompletableFuture<Void> transportTerminationFuture = new CompletableFuture<>();
    private final StopAnswers stopAnswers = new StopAnswers();
    private final GatewayConnector connector;

    private PekkoRpcService(RpcConfig config, boolean remote) {
        this.config = config;
        this.remote = remote;
        this.system = PekkoSystemConfig.createSystem(config, remote);
        Address address = ((ExtendedActorSystem) system).provider().getDefaultAddress();
        if (remote) {
            this.advertisedHost = address.getHost().get();
            this.advertisedPort = (Integer) address.getPort().get();
        } else {
            this.advertisedHost = config.advertisedHost();
            this.advertisedPort = -1;
        }
        this.baseAddress = address.toString();
        this.supervisor = system.actorOf(Props.create(SupervisorActor.class), "rpc");
        this.replyActor = system.actorOf(Props.create(ReplyActor.class, this), "rpc-replies");
        system.actorOf(Props.create(DeadLetterActor.class, this), "rpc-dead-letters");
        this.scheduledExecutor = DaemonThreads.scheduled("hacp-rpc-scheduler-" + config.systemName());
        this.terminationCallbacks = DaemonThreads.cached("hacp-rpc-termination-" + config.systemName());
        this.connector = new GatewayConnector(this, config, remote, advertisedHost, codec, scheduledExecutor, closed);
        LOG.info(
                "RPC service started: {} (bind {}, allowed ports {}, {})",
                baseAddress,
                config.bindHost(),
                remote ? config.advertisedPorts() == null ? config.bindPorts() : config.advertisedPorts() : "-",
                !remote ? "local only" : config.tls().enabled() ? "Artery TCP with mutual TLS" : "Artery TCP, no TLS");
    }

    /** A service reachable from other processes over Artery TCP. */
    public static PekkoRpcService createRemote(RpcConfig config) {
        return new PekkoRpcService(config, true);
    }

    /** A service reachable only from inside this process. */
    public static PekkoRpcService createLocal(RpcConfig config) {
        return new PekkoRpcService(config, false);
    }

    /** Where endpoints' termination futures are completed (never the supervisor's thread). */
    Executor terminationCallbacks() {
        return terminationCallbacks;
    }

    // ---------------------------------------------------------------- RpcService

    @Override
    public String getAddress() {
        return advertisedHost;
    }

    @Override
    public int getPort() {
        return advertisedPort;
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
        GatewaySchema schema = codec.schemaOf(endpoint.getClass());
        PekkoRpcServer server = new PekkoRpcServer(this, endpoint, schema, baseAddress + "/user/rpc/" + id);
        CompletableFuture<ActorRef> created = new CompletableFuture<>();
        supervisor.tell(new SupervisorActor.CreateEndpoint(id, server, created), ActorRef.noSender());
        try {
            server.bind(created.get(config.askTimeout().toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RpcException r
                    ? r
                    : new RpcException("cannot serve endpoint '" + id + "'", e.getCause());
        } catch (TimeoutException e) {
            throw new RpcException("cannot serve endpoint '" + id + "': the supervisor did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RpcException("interrupted while serving endpoint '" + id + "'", e);
        }
        servers.put(id, server);
        server.getTerminationFuture().whenComplete((ok, failure) -> servers.remove(id, server));
        return server;
    }

    @Override
    public <C extends RpcGateway> CompletableFuture<C> connect(String address, Class<C> gateway) {
        return connector.connect(address, null, gateway);
    }

    @Override
    public <C extends RpcGateway> CompletableFuture<C> connect(String address, Object callToken, Class<C> gateway) {
        return connector.connect(address, callToken, gateway);
    }

    @Override
    public <C extends RpcGateway> C withCallToken(C connected, Object callToken) {
        return connector.withCallToken(connected, callToken);
    }

    /** The wire form of a call token: JSON of its own type; null for none. */
    byte[] encodeCallToken(Object token) {
        return connector.encodeCallToken(token);
    }

    @Override
    public void observeCalls(RpcCallObserver observer) {
        this.callObserver = observer;
    }

    /** Whether an observer other than {@link RpcCallObserver#NONE} is set. */
    boolean observesCalls() {
        return callObserver != RpcCallObserver.NONE;
    }

    void observeCall(RpcMethod rpc, RpcCallObserver.Outcome outcome, long nanos) {
        GatewayProxies.observe(callObserver, rpc, outcome, nanos);
    }

    @Override
    public ScheduledExecutorService getScheduledExecutor() {
        return scheduledExecutor;
    }

    @Override
    public CompletableFuture<Void> closeAsync() {
        if (!closed.compareAndSet(false, true)) {
            return terminationFuture;
        }
        LOG.info("RPC service {} shutting down: stopping {} endpoint(s)", baseAddress, servers.size());
        CompletableFuture<List<Throwable>> failures = EndpointStops.stopAll(servers.values());
        failures.thenCompose(stopped -> stopAnswers.flush()).whenComplete((ok, failure) -> {
            transportStopped = true;
            pendingCalls.failAll(() -> new RecipientUnreachableException("the local RPC service is shut down"));
            system.terminate();
            CompletableFuture.delayedExecutor(TRANSPORT_CLOSE_BOUND.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> transportOverran(failures.join()));
        });
        system.getWhenTerminated().whenComplete((ok, failure) -> {
            scheduledExecutor.shutdownNow();
            terminationCallbacks.shutdown();
            LOG.info("RPC service {} terminated", baseAddress);
            transportTerminationFuture.complete(null);
            finishClose(failures.join());
        });
        return terminationFuture;
    }

    /**
     * Ends the close of a service whose actor system has not terminated within {@link
     * #TRANSPORT_CLOSE_BOUND}: logged once with what it waits for; its threads are daemons and go
     * with the JVM, and {@link #getTransportTerminationFuture()} completes when they really end.
     */
    private void transportOverran(List<Throwable> failures) {
        if (system.whenTerminated().isCompleted()) {
            return;
        }
        LOG.warn(
                "RPC service {} closed without its transport: Pekko's actor system has not terminated {} ms after"
                        + " its endpoints stopped (Artery's shutdown still waits on its connections to {}); its"
                        + " daemon threads end with the JVM",
                baseAddress,
                TRANSPORT_CLOSE_BOUND.toMillis(),
                connector.peers().isEmpty() ? "no peer this service connected to" : connector.peers());
        finishClose(failures);
    }

    private void finishClose(List<Throwable> failures) {
        // An endpoint whose onStop failed: the service's future carries it, as the endpoint's own does.
        RpcException stoppedBadly = EndpointStops.failedStops(baseAddress, failures);
        if (stoppedBadly == null) {
            terminationFuture.complete(null);
        } else {
            terminationFuture.completeExceptionally(stoppedBadly);
        }
    }

    @Override
    public CompletableFuture<Void> getTerminationFuture() {
        return terminationFuture;
    }

    @Override
    public CompletableFuture<Void> getTransportTerminationFuture() {
        return transportTerminationFuture;
    }

    // ---------------------------------------------------------------- for the implementation

    RpcConfig config() {
        return config;
    }

    WireCodec codec() {
        return codec;
    }

    PendingCalls pendingCalls() {
        return pendingCalls;
    }

    ActorRef replyActor() {
        return replyActor;
    }

    /** The remote callers answered UNREACHABLE while this service's endpoints stop. */
    StopAnswers stopAnswers() {
        return stopAnswers;
    }

    /** Whether calls through this service's gateways must fail fast: its transport is stopping. */
    boolean isClosed() {
        return transportStopped;
    }

    Cancellable scheduleTimeout(Duration delay, Runnable action) {
        return system.scheduler().scheduleOnce(delay, action, system.dispatcher());
    }

    void scheduleMessage(ActorRef target, Object message, Duration delay) {
        system.scheduler().scheduleOnce(delay, target, message, system.dispatcher(), ActorRef.noSender());
    }

    /**
     * The actor at {@code address}, resolved here without asking its system (remote selection is
     * off): for tests and benchmarks that speak raw Pekko next to the RPC layer.
     */
    public ActorRef actorAt(String address) {
        return ((ExtendedActorSystem) system).provider().resolveActorRef(address);
    }

    /**
     * The actor of the endpoint now serving at {@code path} (an endpoint path of this service, any
     * incarnation), or null if none does.
     */
    ActorRef endpointActor(ActorPath path) {
        if (!path.parent().equals(supervisor.path())) {
            return null;
        }
        PekkoRpcServer server = servers.get(path.name());
        return server == null ? null : server.actor();
    }

    /** The actor at {@code path} (with its unique id, if the path has one), resolved here. */
    ActorRef actorAt(ActorPath path) {
        return ((ExtendedActorSystem) system).provider().resolveActorRef(path);
    }

    /** The actor system, for tests and benchmarks that measure raw Pekko next to the RPC layer. */
    public ActorSystem actorSystem() {
        return system;
    }
}
