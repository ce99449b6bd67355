package org.hacp.leader.zookeeper;

import java.util.Collection;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's place in the one {@link LeaderLatch} of its cluster: joins, restarts and leaves
 * it, and turns its callbacks into a verified {@link Leadership} (our node, owned by our current
 * ZooKeeper session) or the loss of one.
 *
 * <p>Threads: every method but {@link #isLeader}, {@link #leads}, {@link #currentLatch}, {@link
 * #leadership}, {@link #participants}, {@link #knowsOwnerOf} (any thread) and {@link
 * #readOwnerAhead} (the watchdog's) runs on the event thread, which owns {@code latch}, {@code
 * leadership} and {@code member}; the latch parent and the ownership check of a grant (unless its
 * owner was read ahead) are read on the io thread and their results handed back to the event
 * thread, so a stalled ZooKeeper never holds a revoke. {@code standing} is written on the watchdog
 * thread and read on the event thread (at a win) and the watchdog's.
 *
 * <p>Races: a grant is verified on the io thread while the event thread may already have seen the
 * latch lost; the verified result is taken only if the same latch still leads when it comes back.
 */
final class LatchSession implements ElectionLatch {
    private static final Logger LOG = LoggerFactory.getLogger(LatchSession.class);

    /** What the session tells the elections; called on the event thread. */
    interface Listener {
        void leadershipAcquired(Leadership leadership);

        void leadershipLost(Leadership leadership);

        void rejoinFailed(Exception cause);
    }

    /** Result of the io-thread check of a granted latch node: whether it exists, its owner, our session. */
    private record Ownership(boolean exists, long owner, long currentSession) {}

    /** Our latch node and its ephemeral owner, read while the node stood in line. */
    private record StandingNode(String path, long owner) {}

    private final CuratorFramework client;
    private final String participantId;
    private final ElectionThreads threads;
    private final Listener listener;
    private volatile LeaderLatch latch;
    private volatile Leadership leadership;
    /**
     * The owner of our latch node, read ahead ({@link #readOwnerAhead}) while we wait in line, so that
     * winning needs no round trip to check it: ~8 ms of a planned handover on the 2-core benchmark
     * machine (issue 16). Written on the watchdog thread, read on the event thread at a win.
     */
    private volatile StandingNode standing;
    /** Whether this process wants to be in the latch (some component contends). Event thread. */
    private boolean member;
    /** A start is under way (parent being created on the io thread). Event thread. */
    private boolean starting;

    LatchSession(CuratorFramework client, String participantId, ElectionThreads threads, Listener listener) {
        this.client = client;
        this.participantId = participantId;
        this.threads = threads;
        this.listener = listener;
        client.getConnectionStateListenable().addListener((c, s) -> logConnectionState(s), threads.events());
    }

    /** Joins the latch unless this process is in it already. */
    @Override
    public void join() {
        member = true;
        if (latch != null || starting) {
            return;
        }
        starting = true;
        threads.onIoThenEvents(
                () -> {
                    createParent();
                    return null;
                },
                (ignored, failure) -> startLatch());
    }

    /** Leaves the latch (a successor can win at once); leadership, if held, is lost first. */
    void leave() {
        member = false;
        closeLatch();
    }

    /** Leaves and joins again if {@code stale} is still our latch (the watchdog found it broken). */
    void restart(LeaderLatch stale) {
        if (latch != stale) {
            return;
        }
        closeLatch();
        if (member) {
            join();
        }
    }

    /**
     * Restarts the latch if {@code latchPath} is our leadership's node while the connection is down:
     * a successor's epoch exists only if its latch won, so ours is gone on the server (issue 30).
     * While connected the latch is left alone: ZooKeeper knows whether our node still heads it, and
     * a receiver's epoch can be ahead of the counter only for a cluster whose data was wiped.
     */
    @Override
    public boolean yieldToSuccessor(String latchPath) {
        LeaderLatch l = latch;
        if (l == null || !isOurs(latchPath) || client.getZookeeperClient().isConnected()) {
            return false;
        }
        restart(l);
        return true;
    }

    /** Whether this process holds the latch now; any thread. */
    @Override
    public boolean isLeader() {
        LeaderLatch l = latch;
        return leadership != null && l != null && l.hasLeadership();
    }

    /** Whether the leadership of {@code latchPath} is still ours now; any thread. */
    @Override
    public boolean leads(String latchPath) {
        Leadership l = leadership;
        LeaderLatch current = latch;
        return l != null
                && current != null
                && current.hasLeadership()
                && l.latchPath().equals(latchPath);
    }

    /** Our verified leadership, or null; any thread. */
    @Override
    public Leadership leadership() {
        return leadership;
    }

    /** The latch we are in, or null; any thread. */
    LeaderLatch currentLatch() {
        return latch;
    }

    /** The latch's participants, leader first if known; waits on ZooKeeper (caller's thread). */
    Collection<Participant> participants() throws Exception {
        LeaderLatch l = latch;
        return l == null ? List.of() : l.getParticipants();
    }

    /**
     * A persistent parent: container clean-up could delete an empty container parent, resetting
     * sequence numbers under a waiting latch (CURATOR-724). Io thread.
     */
    private void createParent() {
        try {
            client.create()
                    .creatingParentsIfNeeded()
                    .withMode(CreateMode.PERSISTENT)
                    .forPath(LeaderPaths.LATCH);
        } catch (KeeperException.NodeExistsException ignored) {
            // already there
        } catch (Exception e) {
            LOG.warn(
                    "Participant '{}': could not create the latch parent {} ({}); the latch creates it itself",
                    participantId,
                    LeaderPaths.LATCH,
                    e.toString());
        }
    }

    private void startLatch() {
        starting = false;
        if (!member || latch != null) {
            return;
        }
        LeaderLatch l = new LeaderLatch(client, LeaderPaths.LATCH, participantId, LeaderLatch.CloseMode.SILENT);
        l.addListener(
                new LeaderLatchListener() {
                    @Override
                    public void isLeader() {
                        onIsLeader(l);
                    }

                    @Override
                    public void notLeader() {
                        onNotLeader(l);
                    }
                },
                threads.events());
        latch = l;
        try {
            l.start();
            LOG.info("Participant '{}' joined the election at {}", participantId, LeaderPaths.LATCH);
        } catch (Exception e) {
            latch = null;
            listener.rejoinFailed(e);
        }
    }

    private void closeLatch() {
        LeaderLatch l = latch;
        latch = null;
        onNotLeader(l);
        if (l != null) {
            try {
                l.close(); // SILENT: deletes our node in the background, no callback
                LOG.info("Participant '{}' left the election", participantId);
            } catch (Exception e) {
                LOG.warn("Participant '{}': closing the latch failed", participantId, e);
            }
        }
    }

    private void onIsLeader(LeaderLatch l) {
        if (l != latch || !l.hasLeadership()) {
            return; // a callback of a latch we have left, or already superseded
        }
        String path = l.getOurPath();
        if (path == null) {
            return;
        }
        Ownership readAhead = readAhead(path);
        if (readAhead != null) {
            // Taken up here: the trip to the io thread and back cost 2-10 ms of a planned handover on
            // the 2-core benchmark machine, where every thread waits for a core (issue 16).
            onOwnershipChecked(l, path, readAhead, null);
            return;
        }
        threads.onIoThenEvents(
                () -> ownership(path), (ownership, failure) -> onOwnershipChecked(l, path, ownership, failure));
    }

    /**
     * The ownership of {@code path} as the watchdog read it while we stood in line, if our current
     * session is the owner it saw; else null. Enough: an ephemeral node's owner never changes, and
     * its name carries Curator's protection id, so no other session can have created a node of that
     * name since. Never waits: the session id is the client's own.
     */
    private Ownership readAhead(String path) {
        StandingNode seen = standing;
        if (seen == null || !seen.path().equals(path)) {
            return null;
        }
        try {
            long current = client.getZookeeperClient().getZooKeeper().getSessionId();
            return seen.owner() == current ? new Ownership(true, current, current) : null;
        } catch (Exception e) {
            return null; // the io thread's check reports it
        }
    }

    /**
     * Who owns {@code path}, read now: its owner was not read ahead while we stood in line ({@link
     * #readAhead}, which is tried first on the event thread). That it still exists is checked
     * atomically by the mint transaction and, in the background, by the watch on our own node. Io
     * thread.
     */
    private Ownership ownership(String path) throws Exception {
        long current = client.getZookeeperClient().getZooKeeper().getSessionId();
        Stat stat = client.checkExists().forPath(path);
        return new Ownership(stat != null, stat == null ? 0 : stat.getEphemeralOwner(), current);
    }

    /** Whether the owner of our latch node {@code path} has been read ahead; any thread. */
    boolean knowsOwnerOf(String path) {
        StandingNode seen = standing;
        return seen != null && seen.path().equals(path);
    }

    /**
     * Reads who owns our latch node {@code path} while it stands in line, once per node, so that a
     * win skips that read ({@link #readAhead}). Watchdog thread; waits on ZooKeeper.
     */
    void readOwnerAhead(String path) throws Exception {
        if (knowsOwnerOf(path)) {
            return;
        }
        Stat stat = client.checkExists().forPath(path);
        if (stat != null) {
            standing = new StandingNode(path, stat.getEphemeralOwner());
        }
    }

    private void onOwnershipChecked(LeaderLatch l, String path, Ownership ownership, Exception failure) {
        if (l != latch || !l.hasLeadership() || leadership != null) {
            return; // lost (or taken up) while the check was on its way
        }
        if (failure != null) {
            LOG.warn(
                    "Participant '{}': could not take up leadership ({}); waiting for the next latch event",
                    participantId,
                    failure.toString());
            return;
        }
        if (!ownership.exists()) {
            // Gone again (an operator's recursive delete of the latch parent racing our rejoin). A
            // leading Curator latch does not watch its own node, so it would never reset: a fresh-clone
            // run had both participants wait 20 s with nobody leading. Rejoin instead.
            LOG.warn(
                    "Participant '{}': latch node {} was gone by the time it won; rejoining the election",
                    participantId,
                    path);
            restart(l);
            return;
        }
        long owner = ownership.owner();
        if (owner != ownership.currentSession()) {
            LOG.warn(
                    "Ignoring a grant for latch node {} of old ZooKeeper session 0x{} (current 0x{})",
                    path,
                    Long.toHexString(owner),
                    Long.toHexString(ownership.currentSession()));
            return;
        }
        Leadership won = new Leadership(path, owner);
        leadership = won;
        LOG.info(
                "Participant '{}' won the election: latch node {}, ZooKeeper session 0x{}",
                participantId,
                path,
                Long.toHexString(owner));
        watchOwnNode(path);
        listener.leadershipAcquired(won);
    }

    private void onNotLeader(LeaderLatch l) {
        if (l != null && l != latch && latch != null) {
            return;
        }
        Leadership lost = leadership;
        leadership = null;
        if (lost == null) {
            return;
        }
        LOG.info("Participant '{}' lost leadership (latch node {})", participantId, lost.latchPath());
        listener.leadershipLost(lost);
    }

    /**
     * Curator's latch does not watch its own node once it leads, so if the server deletes it
     * (session expired there, or an operator) the process would go on believing it leads: a
     * zombie whose writes ZooKeeper refuses. Watching the node lets it notice, revoke and rejoin.
     * In the background: the event thread never waits on ZooKeeper.
     */
    private void watchOwnNode(String path) {
        try {
            client.checkExists()
                    .usingWatcher((CuratorWatcher) event -> threads.onEvents(() -> onOwnNodeEvent(path, event)))
                    .inBackground((c, result) -> {
                        if (result.getStat() == null
                                && result.getResultCode() == KeeperException.Code.NONODE.intValue()) {
                            threads.onEvents(() -> onOwnNodeGone(path));
                        }
                    })
                    .forPath(path);
        } catch (Exception e) {
            LOG.debug("Could not watch latch node {}: {}", path, e.toString());
        }
    }

    private void onOwnNodeEvent(String path, WatchedEvent event) {
        if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
            onOwnNodeGone(path);
        } else if (event.getType() != Watcher.Event.EventType.None && isOurs(path)) {
            watchOwnNode(path); // a data change fired the one-shot watch; the server keeps watches across reconnects
        }
    }

    private void onOwnNodeGone(String path) {
        if (!isOurs(path)) {
            return;
        }
        LOG.warn(
                "Latch node {} of participant '{}' was deleted while it leads (expired on the server, or removed by "
                        + "an operator); revoking and rejoining the election",
                path,
                participantId);
        restart(latch);
    }

    private boolean isOurs(String path) {
        Leadership l = leadership;
        return l != null && l.latchPath().equals(path);
    }

    private void logConnectionState(ConnectionState newState) {
        switch (newState) {
            case SUSPENDED ->
                LOG.warn(
                        "ZooKeeper connection SUSPENDED; {}",
                        client.getConnectionStateErrorPolicy().isErrorState(ConnectionState.SUSPENDED)
                                ? "leadership is revoked until reconnected (default policy)"
                                : "leadership kept (tolerate-suspended-connections)");
            case LOST -> LOG.warn("ZooKeeper session LOST; leadership revoked");
            case RECONNECTED -> LOG.info("ZooKeeper connection RECONNECTED; the latch re-checks its position");
            default -> {}
        }
    }
}
