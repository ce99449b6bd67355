package org.hacp.cluster.jobmanager;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.Component;
import org.hacp.cluster.resourcemanager.ResourceManager;
import org.hacp.cluster.resourcemanager.TakeoverHistory;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.HighAvailabilityServices;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts each takeover of this JobManager's ResourceManager into the cluster's takeover history, the
 * one the web views draw (issue 29 item 2: cut out of {@link JobManager}). Threads: {@link
 * #granted} on the election's event thread; the record {@link #HISTORY_DELAY} later on the common
 * pool's delayed executor, written with the grant's token, so a deposed leader's write fails.
 */
final class TakeoverRecorder {
    private static final Logger LOG = LoggerFactory.getLogger(TakeoverRecorder.class);

    /** How long after a grant its takeover is recorded: by then it has reached its phases (~0.2-1 s). */
    static final Duration HISTORY_DELAY = Duration.ofSeconds(3);

    private final String jobManagerId;
    private final HighAvailabilityServices ha;
    private final ResourceManager resourceManager;

    TakeoverRecorder(String jobManagerId, HighAvailabilityServices ha, ResourceManager resourceManager) {
        this.jobManagerId = jobManagerId;
        this.ha = ha;
        this.resourceManager = resourceManager;
    }

    /** A ResourceManager grant: marks where its takeover began and records it {@link #HISTORY_DELAY} later. */
    void granted(FencingToken token) {
        // A crash this process itself detected within the last few seconds is where the takeover began.
        ha.lastLeaderDetection()
                .filter(d -> System.nanoTime() - d.confirmedNanos() < HISTORY_DELAY.toNanos())
                .ifPresent(d -> resourceManager.takeover().detected(d.suspectedNanos(), d.confirmedNanos()));
        CompletableFuture.delayedExecutor(HISTORY_DELAY.toMillis(), TimeUnit.MILLISECONDS)
                .execute(() -> record(token));
    }

    /** Adds the takeover of {@code token}'s leadership to the history, if this process still leads with it. */
    private void record(FencingToken token) {
        if (!token.equals(resourceManager.getFencingToken())) {
            return;
        }
        resourceManager
                .takeover()
                .last()
                .filter(t -> t.epoch() == token.epoch())
                .ifPresent(t -> {
                    Map<String, Long> phases = new LinkedHashMap<>();
                    t.phases().forEach((phase, d) -> phases.put(phase.name().toLowerCase(Locale.ROOT), d.toMillis()));
                    try {
                        TakeoverHistory.append(
                                ha.stateStore(Component.RESOURCE_MANAGER.id()),
                                token,
                                new TakeoverHistory.Entry(
                                        token.epoch(), jobManagerId, System.currentTimeMillis(), phases));
                    } catch (Exception e) {
                        LOG.info(
                                "JobManager '{}': takeover of epoch {} not recorded: {}",
                                jobManagerId,
                                token.epoch(),
                                e.toString());
                    }
                });
    }
}
