package org.hacp.leader;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A retrieval listener that remembers the latest leader, for callers that read or wait rather
 * than react (clients, observers, drills, tests). Retrieval errors are logged; the last good
 * leader is kept. An optional observer sees every change, on the retrieval's thread.
 */
public final class LatestLeader implements LeaderRetrievalListener {
    private static final Logger LOG = LoggerFactory.getLogger(LatestLeader.class);

    private final String component;
    private final Consumer<Optional<LeaderInformation>> observer;
    /** Guarded by this; waiters are woken on every change. */
    private LeaderInformation latest;

    public LatestLeader(String component) {
        this(component, change -> {});
    }

    /** @param observer told of every change, on the retrieval's thread; must not block */
    public LatestLeader(String component, Consumer<Optional<LeaderInformation>> observer) {
        this.component = component;
        this.observer = observer;
    }

    /** The leader as last notified, or null when none is known. Any thread. */
    public synchronized LeaderInformation get() {
        return latest;
    }

    /**
     * Waits until the known leader satisfies {@code condition} and returns it.
     *
     * @throws TimeoutException if it does not within {@code timeout}
     */
    public synchronized LeaderInformation await(Predicate<LeaderInformation> condition, Duration timeout)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (latest == null || !condition.test(latest)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("no leader of '" + component + "' as awaited within " + timeout.toMillis()
                        + " ms (last known: " + (latest == null ? "none" : "epoch " + latest.epoch()) + ")");
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return latest;
    }

    @Override
    public void notifyLeaderAddress(Optional<LeaderInformation> leader) {
        synchronized (this) {
            latest = leader.orElse(null);
            notifyAll();
        }
        observer.accept(leader);
    }

    @Override
    public void handleError(Exception error) {
        LOG.warn("Retrieval of the '{}' leader: {}", component, error.getMessage());
    }
}
