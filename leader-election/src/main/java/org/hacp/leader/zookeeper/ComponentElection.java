package org.hacp.leader.zookeeper;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.zookeeper.KeeperException;
import org.hacp.fencing.FencingToken;
import org.hacp.leader.LeaderContender;
import org.hacp.leader.LeaderElection;
import org.hacp.leader.LeadershipLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The election of one component in this process: an explicit state machine driven by the latch.
 *
 * <pre>
 * IDLE --start--> CONTENDING --latch won--> MINTING --epoch minted, latch still ours--> LEADING
 *                      ^                       |                                          |
 *                      +---- latch lost, mint failed or superseded ---+---- latch lost ---+
 * any --close--> CLOSED
 * </pre>
 *
 * <p>{@code state}, {@code grant}, {@code contender} and {@code mintingFor} change only on the
 * event thread, in {@link #moveTo} and its callers; other threads read the volatile fields. The
 * epoch is minted on a mint thread: a latch lost meanwhile moves the election back to CONTENDING
 * at once, and the minted epoch, arriving later for a leadership that is no longer current, is
 * dropped (it stays unused: epochs are dense per grant, not per attempt).
 */
final class ComponentElection implements LeaderElection {
    private static final Logger LOG = LoggerFactory.getLogger(ComponentElection.class);
    private static final long CLOSE_TIMEOUT_SECONDS = 30;

    /** Where one component's election stands. */
    enum State {
        IDLE,
        CONTENDING,
        MINTING,
        LEADING,
        CLOSED;

        private static final Map<State, Set<State>> NEXT = Map.of(
                IDLE, EnumSet.of(CONTENDING, CLOSED),
                CONTENDING, EnumSet.of(MINTING, CLOSED),
                MINTING, EnumSet.of(LEADING, CONTENDING, CLOSED),
                LEADING, EnumSet.of(CONTENDING, CLOSED),
                CLOSED, EnumSet.noneOf(State.class));

        boolean canMoveTo(State next) {
            return NEXT.get(this).contains(next);
        }
    }

    private final String componentId;
    private final String participantId;
    private final ElectionLatch session;
    private final EpochSource epochs;
    private final ElectionThreads threads;
    private final LeaderPublishing publisher;
    private final Consumer<ComponentElection> onClose;
    private final FatalErrors fatalErrors;

    private volatile State state = State.IDLE;
    private volatile LeaderContender contender;
    private volatile Grant grant;
    /** The leadership an epoch is being minted for. Event thread. */
    private Leadership mintingFor;

    /** How this election reports what it cannot handle (corrupt epoch, ACL refusal). */
    interface FatalErrors {
        void fatal(String message, Throwable cause);
    }

    /**
     * @param publishing makes the component's publisher from "the grant if it still leads now"
     *     (read by the publisher on the io thread)
     */
    ComponentElection(
            String componentId,
            String participantId,
            ElectionLatch session,
            EpochSource epochs,
            Function<Supplier<Grant>, LeaderPublishing> publishing,
            ElectionThreads threads,
            FatalErrors fatalErrors,
            Consumer<ComponentElection> onClose) {
        this.componentId = componentId;
        this.participantId = participantId;
        this.session = session;
        this.epochs = epochs;
        this.threads = threads;
        this.fatalErrors = fatalErrors;
        this.onClose = onClose;
        this.publisher = publishing.apply(this::leadingGrant);
    }

    String componentId() {
        return componentId;
    }

    /** The grant of this component if any; any thread. */
    Grant grant() {
        return grant;
    }

    private Grant leadingGrant() {
        Grant g = grant;
        return g != null && session.leads(g.latchPath()) ? g : null;
    }

    @Override
    public void startLeaderElection(LeaderContender newContender) {
        if (state == State.CLOSED) {
            throw new IllegalStateException("the election of '" + componentId + "' is closed");
        }
        threads.onEvents(() -> {
            if (state != State.IDLE) {
                return;
            }
            contender = newContender;
            epochs.watch(componentId);
            moveTo(State.CONTENDING);
            session.join();
            Leadership current = session.leadership();
            if (current != null && session.isLeader()) {
                latchWon(current);
            }
        });
    }

    @Override
    public boolean hasLeadership(FencingToken token) {
        Grant g = leadingGrant();
        return g != null && g.token().equals(token);
    }

    @Override
    public CompletableFuture<Boolean> successorSeen(FencingToken token, long successorEpoch) {
        CompletableFuture<Boolean> yielded = new CompletableFuture<>();
        threads.onEvents(() -> {
            Grant g = grant;
            boolean current =
                    state == State.LEADING && g != null && g.token().equals(token) && successorEpoch > token.epoch();
            if (current && session.yieldToSuccessor(g.latchPath())) {
                LOG.warn(
                        "'{}' leads '{}' at epoch {} but a receiver follows epoch {}: a successor won while"
                                + " ZooKeeper was unreachable; revoked before the session is LOST",
                        participantId,
                        componentId,
                        token.epoch(),
                        successorEpoch);
                yielded.complete(true);
            } else {
                yielded.complete(false);
            }
        });
        return yielded;
    }

    /** The latch was won by this process: mint an epoch on the mint pool. Event thread. */
    void latchWon(Leadership leadership) {
        if (state != State.CONTENDING) {
            return;
        }
        moveTo(State.MINTING);
        mintingFor = leadership;
        threads.onMintThenEvents(
                () -> epochs.mint(componentId, leadership), (minted, failure) -> minted(leadership, minted, failure));
    }

    private void minted(Leadership leadership, Grant minted, Exception failure) {
        if (state != State.MINTING || mintingFor != leadership) {
            if (minted != null) {
                LOG.info(
                        "Leadership ended while '{}' was minting epoch {}; no grant",
                        componentId,
                        minted.token().epoch());
            }
            return;
        }
        mintingFor = null;
        if (failure != null || minted == null || !session.leads(leadership.latchPath())) {
            moveTo(State.CONTENDING);
            if (failure != null) {
                mintFailed(failure);
            }
            return;
        }
        grant = minted;
        moveTo(State.LEADING);
        LOG.info(
                "Granted leadership of '{}' to '{}': epoch {}, session {}",
                componentId,
                participantId,
                minted.token().epoch(),
                minted.token().fingerprint());
        contender.grantLeadership(minted.token());
    }

    private void mintFailed(Exception failure) {
        if (failure instanceof CorruptEpochException) {
            contender.handleError(failure);
            fatalErrors.fatal(failure.getMessage(), failure);
        } else if (failure instanceof KeeperException.NoAuthException) {
            fatalErrors.fatal(
                    "ZooKeeper refused access to " + LeaderPaths.epoch(componentId) + " (ACL): " + failure.getMessage(),
                    failure);
        } else {
            LOG.warn(
                    "Could not mint an epoch for '{}' ({}); waiting for the next latch event",
                    componentId,
                    failure.toString());
        }
    }

    /** The latch is no longer ours: revoke if granted, drop a mint under way. Event thread. */
    void latchLost() {
        if (state == State.MINTING) {
            mintingFor = null;
            moveTo(State.CONTENDING);
        } else if (state == State.LEADING) {
            revoke();
            moveTo(State.CONTENDING);
        }
    }

    private void revoke() {
        Grant g = grant;
        grant = null;
        threads.onIo(publisher::leadershipEnded);
        LeaderContender c = contender;
        if (g != null && c != null) {
            LOG.info(
                    "Revoked leadership of '{}' from '{}' (epoch {})",
                    componentId,
                    participantId,
                    g.token().epoch());
            try {
                c.revokeLeadership();
            } catch (RuntimeException e) {
                LOG.error("Contender of '{}' failed handling the revoke", componentId, e);
            }
        }
    }

    private void moveTo(State next) {
        State current = state;
        if (!current.canMoveTo(next)) {
            throw new IllegalStateException(
                    "election of '" + componentId + "' cannot move from " + current + " to " + next);
        }
        state = next;
        LOG.debug("Election of '{}': {} -> {}", componentId, current, next);
    }

    @Override
    public CompletableFuture<Void> confirmLeadership(FencingToken token, String address) {
        return CompletableFuture.runAsync(
                () -> publishing(
                        "leader information of '" + componentId + "'", () -> publisher.publish(token, address)),
                threads.io());
    }

    @Override
    public CompletableFuture<Void> publishOwned(Map<String, String> addresses, FencingToken token) {
        Map<String, String> copy = Map.copyOf(addresses);
        return CompletableFuture.runAsync(
                () -> publishing(
                        "leader information of " + copy.size() + " component(s) owned by '" + componentId + "'",
                        () -> publisher.publishOwned(copy, token)),
                threads.io());
    }

    private interface ZooKeeperWrite {
        void run() throws Exception;
    }

    private void publishing(String what, ZooKeeperWrite write) {
        try {
            write.run();
        } catch (LeadershipLostException e) {
            throw e;
        } catch (KeeperException.NoAuthException e) {
            fatalErrors.fatal("ZooKeeper refused to publish " + what + " (ACL): " + e.getMessage(), e);
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("publishing " + what + " failed: " + e, e);
        }
    }

    /** Ends this election as part of closing the whole driver: revoke now; clean-up is on the io thread. Event thread. */
    void closeOnEvents() {
        if (state == State.LEADING) {
            revoke();
        }
        contender = null;
        mintingFor = null;
        epochs.unwatch(componentId);
        if (state != State.CLOSED) {
            moveTo(State.CLOSED);
        }
    }

    /** Removes what this election published and still holds. Io thread. */
    void cleanUpOnIo() {
        publisher.removeOwn();
    }

    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        threads.onEvents(() -> {
            closeOnEvents();
            onClose.accept(this); // may leave the latch, so a successor can start at once
            threads.onIo(() -> {
                cleanUpOnIo();
                done.complete(null);
            });
        });
        try {
            done.get(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Closing the election of '{}' did not finish cleanly", componentId, e);
        }
    }
}
