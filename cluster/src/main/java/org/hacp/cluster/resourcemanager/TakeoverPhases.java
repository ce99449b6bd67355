package org.hacp.cluster.resourcemanager;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The phases of this process's most recent ResourceManager takeover, measured live by the new
 * leader (issue 15), from the moment it noticed the previous leader gone (its retrieval reported no
 * leader; else its own grant) to each phase. Kept for the last takeover only. Thread-safe.
 */
public final class TakeoverPhases {
    /** What a takeover reaches, in the order it usually does. */
    public enum Phase {
        /**
         * The previous leader confirmed gone: by this process's fast-takeover probes (measured from
         * its held connection ending), else at the first notice (0).
         */
        DETECTED,
        /** Leadership granted (the latch won and an epoch minted). */
        GRANTED,
        /** The leader information written to ZooKeeper. */
        PUBLISHED,
        /** Every TaskExecutor that had introduced itself registered. */
        TASKEXECUTORS_REGISTERED,
        /** A TaskExecutor accepted the first command (a deployment) of this leadership. */
        FIRST_COMMAND_ACCEPTED
    }

    /** One takeover: its epoch and how long after the notice each phase was reached. */
    public record Takeover(long epoch, Map<Phase, Duration> phases) {}

    private volatile long noticedNanos = -1;
    private long startNanos;
    private long detectedNanos = -1;
    private long epoch = -1;
    private final Map<Phase, Duration> reached = new EnumMap<>(Phase.class);

    /** The leader is not known (any more): the first such notice starts the clock of the next takeover. */
    public void leaderUnknown() {
        if (noticedNanos < 0) {
            noticedNanos = System.nanoTime();
        }
    }

    /** A leader is known: any earlier notice is over. */
    public void leaderKnown() {
        noticedNanos = -1;
    }

    /**
     * This process suspected the previous leader gone at {@code suspectedNanos} and confirmed it at
     * {@code confirmedNanos} (its fast takeover); the next grant's clock starts at the suspicion if
     * that came first.
     */
    public synchronized void detected(long suspectedNanos, long confirmedNanos) {
        if (noticedNanos < 0 || suspectedNanos < noticedNanos) {
            noticedNanos = suspectedNanos;
        }
        detectedNanos = confirmedNanos;
    }

    synchronized void granted(long grantedEpoch) {
        long now = System.nanoTime();
        long noticed = noticedNanos;
        startNanos = noticed >= 0 ? noticed : now;
        noticedNanos = -1;
        epoch = grantedEpoch;
        reached.clear();
        reached.put(Phase.DETECTED, Duration.ofNanos(detectedNanos >= startNanos ? detectedNanos - startNanos : 0));
        detectedNanos = -1;
        reached.put(Phase.GRANTED, Duration.ofNanos(now - startNanos));
    }

    /** {@code phase} of the takeover at {@code atEpoch} is reached now (once; later reports are ignored). */
    public synchronized void reached(long atEpoch, Phase phase) {
        if (atEpoch == epoch) {
            reached.putIfAbsent(phase, Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }

    /** The last takeover, if this process has taken over once. */
    public synchronized Optional<Takeover> last() {
        return epoch < 0 ? Optional.empty() : Optional.of(new Takeover(epoch, Map.copyOf(reached)));
    }
}
