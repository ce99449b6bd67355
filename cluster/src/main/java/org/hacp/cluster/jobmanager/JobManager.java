package org.hacp.cluster.jobmanager;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.hacp.cluster.Component;
import org.hacp.cluster.dispatcher.Dispatcher;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.events.EventType;
import org.hacp.cluster.jobmaster.JobMaster;
import org.hacp.cluster.resourcemanager.ResourceManager;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;
import org.hacp.cluster.resourcemanager.TakeoverPhases;
import org.hacp.fencing.FencedRpcEndpoint;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.HighAvailabilityServices;
import org.hacp.leader.FatalErrorHandler;
import org.hacp.leader.LeaderContender;
import org.hacp.leader.LeaderElection;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeaderRetrievalListener;
import org.hacp.leader.LeaderRetrievalService;
import org.hacp.rpc.RpcService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JobManager: its ResourceManager and Dispatcher endpoints stand by without a token and join
 * the election of their component; on a grant each installs the token on its main thread and
 * only then publishes its address with that token. Close revokes and leaves the elections, so a
 * successor takes over at once; HA data stays.
 */
public final class JobManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);
    /**
     * Test-only, unsafe: {@code -Dhacp.test.unsafe-ignore-revoke=true} makes a deposed JobManager
     * ignore its revoke and keep acting with its old token (the zombie leader of the chaos suite's
     * proof). Logged at ERROR when it takes effect.
     */
    public static final String UNSAFE_IGNORE_REVOKE = "hacp.test.unsafe-ignore-revoke";

    private final String id;
    private final ResourceManager resourceManager;
    private final TakeoverRecorder takeovers;
    private final Dispatcher dispatcher;
    private final HighAvailabilityServices ha;
    private volatile LeaderElection resourceManagerElection;
    private volatile LeaderElection dispatcherElection;
    private final EventLog events;
    private final LeaderRetrievalService warmUp;
    private volatile boolean closed;
    /** A component's endpoint terminated: this JobManager never joins an election again. */
    private boolean dead;

    private final FatalErrorHandler fatalErrorHandler;
    /** Leaderships granted to this process, every component counted. */
    private final AtomicLong grants = new AtomicLong();

    private boolean inElections;

    /** A JobManager whose endpoint deaths are only logged: for embedding, where the caller decides. */
    public JobManager(
            String id, RpcService rpcService, HighAvailabilityServices ha, Duration heartbeatTimeout, EventLog events) {
        this(
                id,
                rpcService,
                ha,
                heartbeatTimeout,
                DEFAULT_CHECKPOINT_INTERVAL,
                events,
                error -> LOG.error("JobManager '{}': {}", id, error.getMessage()));
    }

    /** What {@code hacp.cluster.checkpoint-interval} defaults to, for JobManagers embedded without a config. */
    public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofMillis(100);

    /**
     * @param fatalErrorHandler told when a component's endpoint terminates while the JobManager
     *     runs; the JobManager has left the elections by then (a process exits: see the README)
     * @param checkpointInterval at most one checkpoint write per job per interval
     */
    public JobManager(
            String id,
            RpcService rpcService,
            HighAvailabilityServices ha,
            Duration heartbeatTimeout,
            Duration checkpointInterval,
            EventLog events,
            FatalErrorHandler fatalErrorHandler) {
        this.id = id;
        this.fatalErrorHandler = fatalErrorHandler;
        this.ha = ha;
        this.events = events;
        this.resourceManager = new ResourceManager(rpcService, heartbeatTimeout);
        this.takeovers = new TakeoverRecorder(id, ha, resourceManager);
        this.dispatcher = new Dispatcher(
                rpcService,
                ha.stateStore(Component.DISPATCHER.id()),
                () -> resourceManager.getSelfGateway(ResourceManagerGateway.class),
                new JobMaster.Timing(checkpointInterval, heartbeatTimeout),
                events);
        events.recordRejections(resourceManager, Component.RESOURCE_MANAGER);
        events.recordRejections(dispatcher, Component.DISPATCHER);
        resourceManager.start();
        dispatcher.start();
        escalateTermination(resourceManager, Component.RESOURCE_MANAGER);
        escalateTermination(dispatcher, Component.DISPATCHER);
        dispatcher.handover().onStepDown((stayOut, successor) -> stepDown(stayOut));
        resourceManager.setSuccessorListener(this::successorSeen);
        dispatcher.handover().checkSuccessorsAgainst(ha::participants);
        // A lambda, not a method reference: the election is created when leadership is sought, below.
        dispatcher.publishJobMastersWith((addresses, token) -> dispatcherElection.publishOwned(addresses, token));
        warmUp = ha.leaderRetriever(Component.RESOURCE_MANAGER.id());
        warmUp.start(new LeaderRetrievalListener() {
            @Override
            public void notifyLeaderAddress(Optional<LeaderInformation> leader) {
                if (leader.isEmpty()) {
                    resourceManager.takeover().leaderUnknown();
                } else if (!leader.get().address().equals(resourceManager.getAddress())) {
                    resourceManager.takeover().leaderKnown();
                }
                leader.filter(l -> !l.address().equals(resourceManager.getAddress()))
                        .ifPresent(l -> warmUp(rpcService, l));
            }

            @Override
            public void handleError(Exception error) {}
        });
        joinElections();
    }

    /**
     * An endpoint cannot be restarted in place (its state would be silently reset), so a component
     * whose endpoint terminates while the JobManager runs takes the whole JobManager out of the
     * elections, so another one leads, and reports a fatal error; a process then exits non-zero and
     * its supervisor (systemd) starts it afresh. Before (issue 13), the process kept the leadership
     * of a component nobody served.
     */
    private void escalateTermination(FencedRpcEndpoint endpoint, Component component) {
        endpoint.getTerminationFuture().whenComplete((ok, failure) -> {
            synchronized (this) {
                if (closed || dead) {
                    return;
                }
                dead = true;
            }
            String why = failure == null ? "it stopped" : "it failed: " + failure;
            LOG.error(
                    "JobManager '{}': the {} endpoint terminated while the JobManager runs ({}); leaving the elections",
                    id,
                    component,
                    why);
            events.record(EventType.ENDPOINT_TERMINATED, component, why);
            leaveElections();
            fatalErrorHandler.onFatalError(new IllegalStateException(
                    "the " + component + " endpoint of JobManager '" + id + "' terminated: " + why, failure));
        });
    }

    /** Revokes and leaves both elections (a successor can win at once); the endpoints stay up. */
    private synchronized void leaveElections() {
        inElections = false;
        if (dispatcherElection != null) {
            // Both at once: closed one after the other, the second (which leaves the latch) waited for
            // the first's leader information to be removed, ~35 ms of a ~90 ms planned handover (issue 16).
            // Information left behind is removed after the latch is left, only if still ours.
            LeaderElection dispatcherClosing = dispatcherElection;
            CompletableFuture<Void> dispatcherClosed = CompletableFuture.runAsync(dispatcherClosing::close);
            resourceManagerElection.close();
            dispatcherClosed.join();
        }
    }

    private synchronized void joinElections() {
        if (closed || dead || inElections) {
            return; // an earlier step-down's rejoin timer, or closed meanwhile
        }
        inElections = true;
        resourceManagerElection = ha.leaderElection(Component.RESOURCE_MANAGER.id());
        dispatcherElection = ha.leaderElection(Component.DISPATCHER.id());
        resourceManagerElection.startLeaderElection(contender(
                Component.RESOURCE_MANAGER,
                resourceManagerElection,
                resourceManager,
                this::grantResourceManager,
                resourceManager::revoke));
        dispatcherElection.startLeaderElection(contender(
                Component.DISPATCHER, dispatcherElection, dispatcher, this::grantDispatcher, dispatcher::revoke));
    }

    /**
     * A standby talks to the leader once per leader change (an unfenced status call). A JVM's first
     * remote association runs cold code and took ~300 ms on a 2-core machine; without this, that
     * cost landed on the TaskExecutors' first registration with a new leader, inside the failover.
     */
    private static void warmUp(RpcService rpcService, LeaderInformation leader) {
        rpcService
                .connect(leader.address(), leader.token(), ResourceManagerGateway.class)
                .thenCompose(ResourceManagerGateway::status)
                .exceptionally(failure -> null);
    }

    /**
     * A TaskExecutor follows a later ResourceManager epoch than {@code leadership}'s: the election
     * revokes (both components: they share the latch) if ZooKeeper cannot be asked now (issue 30).
     */
    private void successorSeen(FencingToken leadership, long successorEpoch) {
        LeaderElection election = resourceManagerElection;
        if (election == null) {
            return;
        }
        election.successorSeen(leadership, successorEpoch).thenAccept(revoked -> {
            if (revoked) {
                events.record(EventType.SUCCESSOR_SEEN, Component.RESOURCE_MANAGER, leadership.epoch(), successorEpoch);
            }
        });
    }

    /** A ResourceManager grant; its takeover goes into the cluster's history a while later. */
    private CompletableFuture<Void> grantResourceManager(FencingToken token) {
        takeovers.granted(token);
        return resourceManager.grant(token);
    }

    /** A dispatcher grant, unless a planned handover to another JobManager is under way: then step aside at once. */
    private CompletableFuture<Void> grantDispatcher(FencingToken token) {
        return dispatcher
                .grant(token)
                .thenCompose(ready -> dispatcher.mustStepAside(token, id))
                .thenCompose(aside -> {
                    if (aside) {
                        LOG.info(
                                "JobManager '{}' steps aside: a planned handover to another JobManager is under way",
                                id);
                        events.record(EventType.STEP_ASIDE, Component.DISPATCHER, token.epoch());
                        CompletableFuture.runAsync(() -> stepDown(200));
                        return CompletableFuture.failedFuture(
                                new IllegalStateException("stepping aside for a planned handover"));
                    }
                    return CompletableFuture.completedFuture(null);
                });
    }

    /** Planned handover: leave both elections now (revoking first) and rejoin after {@code stayOutMillis}. */
    public synchronized void stepDown(long stayOutMillis) {
        LOG.info("JobManager '{}' steps down and stays out of the election for {} ms", id, stayOutMillis);
        leaveElections();
        CompletableFuture.delayedExecutor(stayOutMillis, TimeUnit.MILLISECONDS).execute(this::joinElections);
    }

    private LeaderContender contender(
            Component component,
            LeaderElection election,
            FencedRpcEndpoint endpoint,
            Function<FencingToken, CompletableFuture<Void>> grant,
            Runnable revoke) {
        return new LeaderContender() {
            private volatile FencingToken current;

            @Override
            public void grantLeadership(FencingToken token) {
                current = token;
                grants.incrementAndGet();
                events.record(EventType.GRANT, component, token.epoch(), token.fingerprint());
                grant.apply(token)
                        .thenCompose(ready -> election.confirmLeadership(token, endpoint.getAddress()))
                        .whenComplete((ok, failure) -> {
                            if (failure != null) {
                                LOG.warn(
                                        "JobManager '{}': {} could not take up epoch {}: {}",
                                        id,
                                        component,
                                        token.epoch(),
                                        failure.toString());
                                events.record(EventType.PUBLISH_FAILED, component, token.epoch(), failure.toString());
                            } else {
                                events.record(EventType.PUBLISH, component, token.epoch(), endpoint.getAddress());
                                if (component == Component.RESOURCE_MANAGER) {
                                    resourceManager.takeover().reached(token.epoch(), TakeoverPhases.Phase.PUBLISHED);
                                }
                            }
                        });
            }

            @Override
            public void revokeLeadership() {
                FencingToken was = current;
                current = null;
                events.record(EventType.REVOKE, component, was == null ? -1L : was.epoch());
                if (Boolean.getBoolean(UNSAFE_IGNORE_REVOKE) && was != null && !closed) {
                    LOG.error(
                            "UNSAFE: JobManager '{}' ignores the revoke of {} at epoch {} (-D{}=true, test-only)",
                            id,
                            component,
                            was.epoch(),
                            UNSAFE_IGNORE_REVOKE);
                    events.record(EventType.REVOKE_IGNORED, component, was.epoch());
                    return;
                }
                revoke.run();
            }

            @Override
            public void handleError(Throwable error) {
                LOG.error("JobManager '{}': election of {} failed", id, component, error);
            }
        };
    }

    /** How many leaderships (of any component) this process has been granted. */
    public long leadershipGrants() {
        return grants.get();
    }

    public String id() {
        return id;
    }

    public ResourceManager resourceManager() {
        return resourceManager;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Leaves both elections (revoking first), then stops the endpoints. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            warmUp.close();
            dispatcherElection.close();
            resourceManagerElection.close();
        }
        dispatcher.closeAsync().join();
        resourceManager.closeAsync().join();
    }
}
