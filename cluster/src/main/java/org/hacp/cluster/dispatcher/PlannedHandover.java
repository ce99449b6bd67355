package org.hacp.cluster.dispatcher;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.hacp.cluster.Component;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.events.EventType;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.HaStateStore;
import org.hacp.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A planned handover of the Dispatcher's leadership (issue 29 item 2: cut out of {@link
 * Dispatcher}). The leader checks that a named successor is in the election, writes a fenced
 * handover intent naming it, and has the JobManager leave the elections; any other JobManager
 * granted leadership while the intent lasts steps aside at once ({@link #mustStepAside}). The
 * JobManager, which owns the elections, says how to leave ({@link #onStepDown}) and where the
 * participants are ({@link #checkSuccessorsAgainst}).
 */
public final class PlannedHandover {
    private static final Logger LOG = LoggerFactory.getLogger(PlannedHandover.class);

    /** The job-store key of the intent. */
    static final String INTENT_KEY = "handover-intent";
    /** The longest stay-out a step-down may ask for. */
    static final long MAX_STAY_OUT_MILLIS = 600_000;

    private static final long CLOCK_SKEW_MILLIS = 60_000;

    /** A planned handover to {@code successor}, valid until {@code untilMillis} (wall clock). */
    record Intent(String successor, long untilMillis) {}

    private final HaStateStore store;
    private final EventLog events;
    private volatile BiConsumer<Long, String> stepDownHandler = (ms, to) -> {};
    private volatile Supplier<Optional<List<String>>> participants = Optional::empty;

    PlannedHandover(HaStateStore store, EventLog events) {
        this.store = store;
        this.events = events;
    }

    /** What a step-down does: set by the JobManager, which owns the elections. */
    public void onStepDown(BiConsumer<Long, String> handler) {
        this.stepDownHandler = handler;
    }

    /** How the current participants of the election are found (empty: unknown, the successor is not checked). */
    public void checkSuccessorsAgainst(Supplier<Optional<List<String>>> participants) {
        this.participants = participants;
    }

    /**
     * Whether this JobManager ({@code self}), just granted {@code token}, should step aside for a
     * handover to someone else; clears an intent addressed to {@code self} and one lasting beyond any
     * stay-out. Reads the store: never on the main thread.
     */
    boolean mustStepAside(FencingToken token, String self) {
        try {
            Optional<Intent> intent = store.get(INTENT_KEY, Intent.class);
            long now = System.currentTimeMillis();
            if (intent.isEmpty() || intent.get().untilMillis() < now) {
                return false;
            }
            if (intent.get().untilMillis() > now + MAX_STAY_OUT_MILLIS + CLOCK_SKEW_MILLIS) {
                // No step-down writes a deadline this far out: forged or corrupt. Stepping aside
                // for it would leave the cluster without a leader until then (issue 12).
                LOG.warn(
                        "Ignoring and removing a handover intent to '{}' lasting until {}: beyond any stay-out",
                        intent.get().successor(),
                        intent.get().untilMillis());
                store.delete(token, INTENT_KEY);
                return false;
            }
            if (intent.get().successor().equals(self)) {
                store.delete(token, INTENT_KEY);
                return false;
            }
            return true;
        } catch (Exception e) {
            LOG.warn("Could not read the handover intent: {}", e.getMessage());
            return false;
        }
    }

    /**
     * Steps down the leadership of {@code token} for {@code stayOutMillis}, to {@code successor}
     * (empty: whoever wins next). Runs on a thread of its own; the future fails when the stay-out is
     * out of range, the successor is not in the election or the intent could not be written.
     */
    CompletableFuture<Boolean> stepDown(FencingToken token, long stayOutMillis, String successor) {
        if (stayOutMillis < 0 || stayOutMillis > MAX_STAY_OUT_MILLIS) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "stay-out = " + stayOutMillis + " ms is out of range: allowed 0 .. " + MAX_STAY_OUT_MILLIS));
        }
        String to = successor == null ? "" : successor;
        BiConsumer<Long, String> handler = stepDownHandler;
        // On a thread of its own, not the store's: there it queued behind the JobMasters' checkpoint
        // writes, ~100 ms of a planned handover with a job running (issue 16); a checkpoint still
        // queued is refused by its epoch after the step-down, and the job resumes from the last one.
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        DaemonThreads.start("hacp-dispatcher-step-down", () -> {
            try {
                done.complete(stepDownNow(token, stayOutMillis, to, handler));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private boolean stepDownNow(FencingToken token, long stayOutMillis, String to, BiConsumer<Long, String> handler) {
        // Only a current participant can take over: an intent naming anyone else made every
        // JobManager step aside until it expired (issue 12). Read only when a successor is
        // named: the participants cost a ZooKeeper read per participant (issue 16).
        Optional<List<String>> now = to.isEmpty() ? Optional.empty() : participants.get();
        if (now.isPresent() && !now.get().contains(to)) {
            throw new IllegalArgumentException(
                    "successor '" + to + "' is not in the election; participants: " + now.get());
        }
        LOG.info(
                "Dispatcher at epoch {} steps down for a planned handover (stays out {} ms{})",
                token.epoch(),
                stayOutMillis,
                to.isEmpty() ? "" : ", successor '" + to + "'");
        events.record(EventType.STEP_DOWN, Component.DISPATCHER, token.epoch(), stayOutMillis, to);
        if (!to.isEmpty()) {
            try {
                store.put(token, INTENT_KEY, new Intent(to, System.currentTimeMillis() + stayOutMillis));
            } catch (Exception e) {
                throw new IllegalStateException("handover intent not written: " + e.getMessage(), e);
            }
        }
        // Off the main thread: leaving the elections revokes the Dispatcher, which needs its main thread.
        handler.accept(stayOutMillis, to);
        return true;
    }
}
