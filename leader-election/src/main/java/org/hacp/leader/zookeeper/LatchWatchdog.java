package org.hacp.leader.zookeeper;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Self-healing against latch states Curator does not recover from by itself (seen once in ~15 full
 * chaos runs after the latch parent was deleted: nobody led for 20 s). Touches only what this
 * process owns: a latch whose node has been missing for two checks is restarted, and a node of our
 * own session that our latch does not track, standing first in line, is deleted. While our node
 * waits in line, each check also gives {@link LatchSession#readOwnerAhead} its turn.
 *
 * <p>Runs on the watchdog thread, which owns {@code missingNodeChecks}; its reads may wait on
 * ZooKeeper. Only the restart is handed to the event thread.
 */
final class LatchWatchdog {
    private static final Logger LOG = LoggerFactory.getLogger(LatchWatchdog.class);
    /** How often it checks in production: two checks (4 s) before a restart, well inside any session timeout. */
    static final Duration PERIOD = Duration.ofSeconds(2);

    private final CuratorFramework client;
    private final String participantId;
    private final LatchSession session;
    private final ElectionThreads threads;
    private final Duration period;
    private int missingNodeChecks;

    LatchWatchdog(
            CuratorFramework client,
            String participantId,
            LatchSession session,
            ElectionThreads threads,
            Duration period) {
        this.client = client;
        this.participantId = participantId;
        this.session = session;
        this.threads = threads;
        this.period = period;
    }

    void start() {
        threads.watchdog()
                .scheduleWithFixedDelay(this::check, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void check() {
        LeaderLatch l = session.currentLatch();
        // A leadership taken up is watched through its own node (LatchSession); a latch Curator
        // believes leads but that was never taken up (its node vanished first) is checked like any.
        boolean watched = l != null && l.hasLeadership() && session.leadership() != null;
        if (l == null || watched || !client.getZookeeperClient().isConnected()) {
            missingNodeChecks = 0;
            return;
        }
        try {
            List<String> children = client.getChildren().forPath(LeaderPaths.LATCH);
            String ours = l.getOurPath();
            String ourName = ours == null ? null : ours.substring(ours.lastIndexOf('/') + 1);
            if (ourName == null || !children.contains(ourName)) {
                restartAfterTwoMisses(l);
                return;
            }
            missingNodeChecks = 0;
            session.readOwnerAhead(ours);
            Optional<String> first = children.stream().min(LeaderPaths.LATCH_ORDER);
            if (first.isPresent() && !first.get().equals(ourName)) {
                deleteIfOurUntracked(first.get());
            }
        } catch (KeeperException.NoNodeException e) {
            // No parent, so no node of ours either. Counted as a miss: a latch whose parent was
            // deleted again after it rejoined waited forever (a fresh-clone run: nobody led for 20 s).
            restartAfterTwoMisses(l);
        } catch (Exception e) {
            LOG.debug("Participant '{}': latch liveness check failed: {}", participantId, e.toString());
        }
    }

    private void restartAfterTwoMisses(LeaderLatch l) {
        if (++missingNodeChecks < 2) {
            return;
        }
        missingNodeChecks = 0;
        LOG.warn(
                "Participant '{}': our latch has had no node in {} for two checks; restarting it",
                participantId,
                LeaderPaths.LATCH);
        threads.onEvents(() -> session.restart(l));
    }

    private void deleteIfOurUntracked(String node) throws Exception {
        String path = LeaderPaths.LATCH + "/" + node;
        Stat stat = client.checkExists().forPath(path);
        long ourSession = client.getZookeeperClient().getZooKeeper().getSessionId();
        if (stat != null && stat.getEphemeralOwner() == ourSession) {
            LOG.warn(
                    "Participant '{}': latch node {} of our own session is first in line but untracked; deleting it",
                    participantId,
                    node);
            client.delete().guaranteed().forPath(path);
        }
    }
}
