package org.hacp.leader.zookeeper;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.Participant;
import org.hacp.fencing.FencingToken;
import org.hacp.leader.FatalErrorHandler;
import org.hacp.leader.LeaderDetection;
import org.hacp.leader.LeaderElection;
import org.hacp.leader.LeadershipLostException;
import org.hacp.leader.zookeeper.takeover.FastTakeover;
import org.hacp.leader.zookeeper.takeover.FastTakeoverSettings;
import org.hacp.leader.zookeeper.takeover.TakeoverSchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elections of every component of one process over a single Curator {@link LeaderLatch}: a façade
 * over the parts that do the work (see {@code package-info} for the threading table):
 * {@link LatchSession} (the latch and a verified leadership), {@link LatchWatchdog} (latch states
 * Curator does not heal), {@link EpochCounter} (epoch minting), {@link LeadershipTransactions}
 * (leader-only writes) and, per component, {@link ComponentElection} (its state machine) with a
 * {@link LeaderInformationPublisher}.
 *
 * <p>On winning the latch, each contending component gets a fresh {@link FencingToken}: a random
 * UUID and the next epoch of that component. {@link LeaderElection#hasLeadership} turns false the
 * moment Curator drops leadership (SUSPENDED under the default policy, LOST always), before the
 * revoke is delivered. Nothing that may wait on ZooKeeper runs on the event thread, so a revoke is
 * never queued behind a stalled call.
 *
 * <p>Close: closing a component's election removes its leader information if it is ours; closing
 * the last one (or the driver) leaves the latch first, so another process wins within
 * milliseconds. Contenders of granted components are revoked on close. HA data (epochs) is kept.
 */
public final class ZooKeeperLeaderElectionDriver implements AutoCloseable {
    /**
     * The timing of the driver's own loops: fixed in production, shorter in tests that would
     * otherwise wait for a watchdog check or a takeover recheck (issue 29 item 4).
     *
     * @param watchdogPeriod how often {@link LatchWatchdog} checks the latch
     * @param takeover the timing of fast takeover's loop
     */
    public record Schedule(Duration watchdogPeriod, TakeoverSchedule takeover) {
        public static Schedule defaults() {
            return new Schedule(LatchWatchdog.PERIOD, TakeoverSchedule.defaults());
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperLeaderElectionDriver.class);
    private static final long CLOSE_TIMEOUT_SECONDS = 30;

    /** Lifecycle of the driver, changed by compare-and-set. */
    public enum State {
        STARTED,
        CLOSED
    }

    private final CuratorFramework client;
    private final String participantId;
    private final FatalErrorHandler fatalErrorHandler;
    private final ElectionThreads threads;
    private final LatchSession session;
    private final EpochCounter epochs;
    private final LeadershipTransactions transactions;
    private final Map<String, ComponentElection> components = new ConcurrentHashMap<>();
    private final AtomicReference<State> state = new AtomicReference<>(State.STARTED);
    private final AtomicReference<FastTakeover> takeover = new AtomicReference<>();
    private final Schedule schedule;

    /**
     * @param client a started Curator client, namespaced to the cluster
     * @param participantId this process's id in the latch (shown as a participant)
     */
    public ZooKeeperLeaderElectionDriver(
            CuratorFramework client, String participantId, FatalErrorHandler fatalErrorHandler) {
        this(client, participantId, fatalErrorHandler, Schedule.defaults());
    }

    /** With the timing of {@code schedule} instead of production's. */
    public ZooKeeperLeaderElectionDriver(
            CuratorFramework client, String participantId, FatalErrorHandler fatalErrorHandler, Schedule schedule) {
        this.client = client;
        this.schedule = schedule;
        this.participantId = participantId;
        this.fatalErrorHandler = fatalErrorHandler;
        this.threads = ElectionThreads.forParticipant(participantId);
        this.session = new LatchSession(client, participantId, threads, new LatchSession.Listener() {
            @Override
            public void leadershipAcquired(Leadership leadership) {
                components.values().forEach(c -> c.latchWon(leadership));
            }

            @Override
            public void leadershipLost(Leadership leadership) {
                components.values().forEach(ComponentElection::latchLost);
            }

            @Override
            public void rejoinFailed(Exception cause) {
                fatal("participant '" + participantId + "' could not join the election", cause);
            }
        });
        this.epochs = new EpochCounter(client);
        this.transactions = new LeadershipTransactions(client, id -> {
            ComponentElection c = components.get(id);
            return c == null ? null : c.grant();
        });
        new LatchWatchdog(client, participantId, session, threads, schedule.watchdogPeriod()).start();
    }

    /** The election of {@code componentId} in this process. One per component. */
    public LeaderElection forComponent(String componentId) {
        LeaderPaths.validComponent(componentId);
        if (state.get() == State.CLOSED) {
            throw new IllegalStateException("the leader election driver is closed");
        }
        ComponentElection election = new ComponentElection(
                componentId,
                participantId,
                session,
                epochs,
                leadingGrant ->
                        new LeaderInformationPublisher(client, componentId, transactions, leadingGrant, threads.io()),
                threads,
                this::fatal,
                this::componentClosed);
        if (components.putIfAbsent(componentId, election) != null) {
            throw new IllegalStateException("component '" + componentId + "' already has an election in this process");
        }
        return election;
    }

    /** Whether the owner of our latch node was read while it waited in line; for tests. */
    boolean ownerOfLatchNodeReadAhead() {
        LeaderLatch latch = session.currentLatch();
        String path = latch == null ? null : latch.getOurPath();
        return path != null && session.knowsOwnerOf(path);
    }

    /** Event thread: the last component to leave takes the process out of the latch. */
    private void componentClosed(ComponentElection election) {
        components.remove(election.componentId(), election);
        if (components.isEmpty()) {
            session.leave();
        }
    }

    /**
     * Turns on fast takeover for this participant (issue 16): publishes its session card and ends a
     * crashed leader's session once its RPC port is seen gone. Call before any component contends,
     * so this process has a card before it can lead. At most once; a no-op if disabled.
     *
     * @param ownAddress this process's RPC address as its peers reach it (the port standbys probe)
     */
    public void startFastTakeover(FastTakeoverSettings settings, InetSocketAddress ownAddress) {
        if (!settings.enabled() || state.get() == State.CLOSED) {
            return;
        }
        FastTakeover t = new FastTakeover(client, participantId, ownAddress, settings, schedule.takeover());
        if (!takeover.compareAndSet(null, t)) {
            throw new IllegalStateException("fast takeover of '" + participantId + "' was already started");
        }
        t.start();
    }

    /** How many ZooKeeper sessions fast takeover in this process has ended early (0 if it is off). */
    public long fastTakeovers() {
        FastTakeover t = takeover.get();
        return t == null ? 0 : t.sessionsClosed();
    }

    /** The last crashed leader fast takeover in this process detected (empty if none, or if it is off). */
    public Optional<LeaderDetection> lastFastTakeoverDetection() {
        FastTakeover t = takeover.get();
        return t == null ? Optional.empty() : t.lastDetection();
    }

    /** Whether this process currently holds the latch. */
    public boolean isLeader() {
        return session.isLeader();
    }

    /** The latch's participants (ids of the processes in the election), leader first if known. */
    public Collection<Participant> participants() throws Exception {
        return session.participants();
    }

    /**
     * Transaction checks that make a write succeed only while {@code token} is the current
     * leadership of {@code componentId}: our latch node still exists and the component's epoch
     * node is still at the version we wrote when minting the token.
     *
     * @throws LeadershipLostException if this process does not hold that leadership now
     */
    public List<CuratorOp> leadershipChecks(String componentId, FencingToken token) throws Exception {
        requireLeadership(componentId, token);
        return transactions.checks(componentId, token);
    }

    /**
     * Runs a transaction of {@link #leadershipChecks} plus {@code writes}; a failed check becomes
     * {@link LeadershipLostException}, anything else is rethrown.
     */
    public void writeAsLeader(String componentId, FencingToken token, List<CuratorOp> writes) throws Exception {
        requireLeadership(componentId, token);
        transactions.write(componentId, token, writes);
    }

    private void requireLeadership(String componentId, FencingToken token) {
        ComponentElection c = components.get(componentId);
        if (c == null || !c.hasLeadership(token)) {
            Grant grant = c == null ? null : c.grant();
            throw new LeadershipLostException("write refused: epoch " + token.epoch()
                    + " is not the current leadership of '" + componentId + "' in this process"
                    + (grant == null ? "" : " (current epoch " + grant.token().epoch() + ")"));
        }
    }

    @Override
    public void close() {
        if (!state.compareAndSet(State.STARTED, State.CLOSED)) {
            return;
        }
        FastTakeover t = takeover.get();
        if (t != null) {
            t.close(); // a closing process ends nobody's session
        }
        // Revoke and leave the latch first, so a successor can start at once; our leftover leader
        // information is removed afterwards (only if it is still ours, i.e. nobody has published yet).
        CompletableFuture<Void> closed = new CompletableFuture<>();
        threads.onEvents(() -> {
            components.values().forEach(ComponentElection::closeOnEvents);
            session.leave();
            threads.onIo(() -> {
                components.values().forEach(ComponentElection::cleanUpOnIo);
                closed.complete(null);
            });
        });
        try {
            closed.get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Participant '{}': closing the election did not finish cleanly", participantId, e);
        } finally {
            threads.shutdown();
        }
    }

    private void fatal(String message, Throwable cause) {
        LOG.error(message, cause);
        fatalErrorHandler.onFatalError(new IllegalStateException(message, cause));
    }
}
