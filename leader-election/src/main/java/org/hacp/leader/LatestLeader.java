package org.hacp.leader;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A retrieval listener that only remembers the latest leader, for callers that poll (observers,
 * drills, tests) rather than react. Retrieval errors are logged; the last good leader is kept.
 */
public final class LatestLeader implements LeaderRetrievalListener {
    private static final Logger LOG = LoggerFactory.getLogger(LatestLeader.class);

    private final String component;
    private final AtomicReference<LeaderInformation> latest = new AtomicReference<>();

    public LatestLeader(String component) {
        this.component = component;
    }

    /** The leader as last notified, or null when none is known. Any thread. */
    public LeaderInformation get() {
        return latest.get();
    }

    @Override
    public void notifyLeaderAddress(Optional<LeaderInformation> leader) {
        latest.set(leader.orElse(null));
    }

    @Override
    public void handleError(Exception error) {
        LOG.warn("Retrieval of the '{}' leader: {}", component, error.getMessage());
    }
}
