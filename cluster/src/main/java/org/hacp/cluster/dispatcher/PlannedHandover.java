package org.hacp.cluster.dispatcher;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
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
 *
 * <p>No wall clock is compared across processes (issue 33): the intent carries its stay-out, and
 * each JobManager measures it on its own monotonic clock from when it first saw the intent (the
 * writer from when it wrote it). An intent carried a wall-clock deadline before: a JobManager whose
 * clock ran minutes behind stepped aside minutes too long, one ahead ignored the intent. A
 * JobManager that first sees an intent late waits at most one stay-out from then, and one that
 * leads after the intent expired removes it.
 */
public final class PlannedHandover {
    private static final Logger LOG = LoggerFactory.getLogger(PlannedHandover.class);

    /** The job-store key of the intent. */
    static final String INTENT_KEY = "handover-intent";
    /** The longest stay-out a step-down may ask for. */
    static final long MAX_STAY_OUT_MILLIS = 600_000;

    /**
     * A planned handover to {@code successor}, which others step aside for during {@code
     * stayOutMillis} of their own clock; {@code writtenAtEpoch}, the stepping-down leader's epoch,
     * tells one intent from the next.
     */
    record Intent(String successor, long stayOutMillis, long writtenAtEpoch) {}

    /** When this process first saw the intent written at {@code epoch} ({@code nanoClock}). */
    private record Sighting(long epoch, long nanos) {}

    private final HaStateStore store;
    private final EventLog events;
    private volatile BiConsumer<Long, String> stepDownHandler = (ms, to) -> {};
    private volatile Supplier<Optional<List<String>>> participants = Optional::empty;
    private final LongSupplier nanoClock;
    private final AtomicReference<Sighting> lastSighting = new AtomicReference<>();

    PlannedHandover(HaStateStore store, EventLog events) {
        this(store, events, System::nanoTime);
    }

    /** @param nanoClock the monotonic clock stay-outs are measured on ({@code System::nanoTime}; tests move it) */
    PlannedHandover(HaStateStore store, EventLog events, LongSupplier nanoClock) {
        this.store = store;
        this.events = events;
        this.nanoClock = nanoClock;
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
            Optional<Intent> read = store.get(INTENT_KEY, Intent.class);
            if (read.isEmpty()) {
                return false;
            }
            Intent intent = read.get();
            if (intent.stayOutMillis() < 0 || intent.stayOutMillis() > MAX_STAY_OUT_MILLIS) {
                // No step-down asks for this: forged or corrupt. Stepping aside for it would leave
                // the cluster without a leader that long (issue 12).
                LOG.warn(
                        "Ignoring and removing a handover intent to '{}' with a stay-out of {} ms: beyond any stay-out",
                        intent.successor(),
                        intent.stayOutMillis());
                store.delete(token, INTENT_KEY);
                return false;
            }
            if (intent.successor().equals(self)) {
                store.delete(token, INTENT_KEY);
                return false;
            }
            long now = nanoClock.getAsLong();
            Sighting seen = lastSighting.updateAndGet(s ->
                    s != null && s.epoch() == intent.writtenAtEpoch() ? s : new Sighting(intent.writtenAtEpoch(), now));
            long seenMillis = TimeUnit.NANOSECONDS.toMillis(now - seen.nanos());
            if (seenMillis >= intent.stayOutMillis()) {
                LOG.info(
                        "Handover intent to '{}' (written at epoch {}) expired: this JobManager saw it {} ms ago, its"
                                + " stay-out is {} ms; removing it",
                        intent.successor(),
                        intent.writtenAtEpoch(),
                        seenMillis,
                        intent.stayOutMillis());
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
                // The writer's own stay-out starts now, on its clock, like everyone else's at first sight.
                lastSighting.set(new Sighting(token.epoch(), nanoClock.getAsLong()));
                store.put(token, INTENT_KEY, new Intent(to, stayOutMillis, token.epoch()));
            } catch (Exception e) {
                throw new IllegalStateException("handover intent not written: " + e.getMessage(), e);
            }
        }
        // Off the main thread: leaving the elections revokes the Dispatcher, which needs its main thread.
        handler.accept(stayOutMillis, to);
        return true;
    }
}
