package org.hacp.leader.zookeeper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.OpResult;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.hacp.fencing.FencingToken;
import org.hacp.leader.FatalErrorHandler;
import org.hacp.leader.LeaderContender;
import org.hacp.leader.LeaderElection;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeadershipLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Elections of every component of one process over a single Curator {@link LeaderLatch}.
 *
 * <p>On winning the latch, each registered component gets a fresh {@link FencingToken}: a random
 * UUID and the next epoch of that component, taken from a persistent counter znode by a
 * version-checked write in a transaction that also checks our latch node, so epochs strictly
 * increase across leaders and restarts and a deposed leader cannot mint one. Publishing and every
 * other leader-only write are transactions conditioned the same way ({@link #leadershipChecks}).
 *
 * <p>All Curator callbacks run one at a time on this driver's event thread. A grant whose latch
 * node belongs to an older ZooKeeper session is ignored. {@link LeaderElection#hasLeadership} reads
 * the latch's own flag, so it turns false the moment Curator drops leadership (SUSPENDED under the
 * default policy, LOST always), before the revoke is delivered.
 *
 * <p>Close: closing a component's election removes its leader information if it is ours; closing
 * the last one (or the driver) leaves the latch, so another process wins within milliseconds.
 * Contenders of granted components are revoked on close. HA data (epochs) is kept.
 */
public final class ZooKeeperLeaderElectionDriver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperLeaderElectionDriver.class);
    private static final int WRITE_ATTEMPTS = 5;

    /** Lifecycle of the driver. */
    public enum State {
        STARTED,
        CLOSED
    }

    /** One won latch: our node in one ZooKeeper session. */
    private record Leadership(String latchPath, long zkSessionId) {}

    /** One component's leadership session: its token and the epoch node version it wrote. */
    private record Grant(FencingToken token, String latchPath, int epochVersion) {}

    private final CuratorFramework client;
    private final String participantId;
    private final FatalErrorHandler fatalErrorHandler;
    /**
     * Latch callbacks, grants and revokes, in order. Nothing here may wait on ZooKeeper: a revoke
     * queued behind a call stalled by a partition would arrive only after the heal, long after a
     * successor was granted (the chaos suite caught exactly that with a publish).
     */
    private final ExecutorService events;
    /** Writes and reads that may wait on ZooKeeper (publishing, restoring leader information). */
    private final ExecutorService io;

    private final java.util.concurrent.ScheduledExecutorService watchdog;
    /** Consecutive liveness checks that found our latch without a node; watchdog thread only. */
    private int missingNodeChecks;

    private final Map<String, ComponentElection> components = new ConcurrentHashMap<>();
    private volatile LeaderLatch latch;
    private volatile Leadership leadership;
    private volatile State state = State.STARTED;

    /**
     * @param client a started Curator client, namespaced to the cluster
     * @param participantId this process's id in the latch (shown as a participant)
     */
    public ZooKeeperLeaderElectionDriver(
            CuratorFramework client, String participantId, FatalErrorHandler fatalErrorHandler) {
        this.client = client;
        this.participantId = participantId;
        this.fatalErrorHandler = fatalErrorHandler;
        this.events = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hacp-leader-election-" + participantId);
            t.setDaemon(true);
            return t;
        });
        this.io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hacp-leader-io-" + participantId);
            t.setDaemon(true);
            return t;
        });
        client.getConnectionStateListenable().addListener((c, s) -> onConnectionState(s), events);
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hacp-leader-watchdog-" + participantId);
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(this::checkLatchLiveness, 2, 2, TimeUnit.SECONDS);
    }

    /**
     * Self-healing against latch states Curator does not recover from by itself (seen once in
     * ~15 full runs after the latch parent was deleted: nobody led for 20 s). Touches only what
     * this process owns: a latch whose node has been missing for two checks is restarted, and a
     * node of our own session that our latch does not track, standing first in line, is deleted.
     * Runs on the watchdog thread (its reads may wait on ZooKeeper); only the restart goes to the
     * event thread.
     */
    private void checkLatchLiveness() {
        LeaderLatch l = latch;
        if (l == null
                || state == State.CLOSED
                || l.hasLeadership()
                || !client.getZookeeperClient().isConnected()) {
            missingNodeChecks = 0;
            return;
        }
        try {
            List<String> children = client.getChildren().forPath(LeaderPaths.LATCH);
            String ours = l.getOurPath();
            String ourName = ours == null ? null : ours.substring(ours.lastIndexOf('/') + 1);
            if (ourName == null || !children.contains(ourName)) {
                if (++missingNodeChecks >= 2) {
                    LOG.warn(
                            "Participant '{}': our latch has had no node in {} for two checks; restarting it",
                            participantId,
                            LeaderPaths.LATCH);
                    missingNodeChecks = 0;
                    events.execute(() -> {
                        if (latch != l || state == State.CLOSED) {
                            return;
                        }
                        closeLatch();
                        try {
                            ensureLatchStarted();
                        } catch (Exception e) {
                            LOG.warn(
                                    "Participant '{}': restarting the latch failed ({}); the next check tries again",
                                    participantId,
                                    e.toString());
                        }
                    });
                }
                return;
            }
            missingNodeChecks = 0;
            String first = children.stream()
                    .min(java.util.Comparator.comparing(c -> c.substring(c.lastIndexOf('-') + 1)))
                    .orElse(null);
            if (first != null && !first.equals(ourName)) {
                Stat stat = client.checkExists().forPath(LeaderPaths.LATCH + "/" + first);
                long session = client.getZookeeperClient().getZooKeeper().getSessionId();
                if (stat != null && stat.getEphemeralOwner() == session) {
                    LOG.warn(
                            "Participant '{}': latch node {} of our own session is first in line but untracked; deleting it",
                            participantId,
                            first);
                    client.delete().guaranteed().forPath(LeaderPaths.LATCH + "/" + first);
                }
            }
        } catch (KeeperException.NoNodeException e) {
            // the latch parent is being recreated; look again next time
        } catch (Exception e) {
            LOG.debug("Participant '{}': latch liveness check failed: {}", participantId, e.toString());
        }
    }

    /** The election of {@code componentId} in this process. One per component. */
    public LeaderElection forComponent(String componentId) {
        LeaderPaths.validComponent(componentId);
        ComponentElection election = new ComponentElection(componentId);
        if (components.putIfAbsent(componentId, election) != null) {
            throw new IllegalStateException("component '" + componentId + "' already has an election in this process");
        }
        return election;
    }

    /** Whether this process currently holds the latch. */
    public boolean isLeader() {
        LeaderLatch l = latch;
        return leadership != null && l != null && l.hasLeadership();
    }

    /** The latch's participants (ids of the processes in the election), leader first if known. */
    public Collection<Participant> participants() throws Exception {
        LeaderLatch l = latch;
        return l == null ? List.of() : l.getParticipants();
    }

    /**
     * Transaction checks that make a write succeed only while {@code token} is the current
     * leadership of {@code componentId}: our latch node still exists and the component's epoch
     * node is still at the version we wrote when minting the token.
     *
     * @throws LeadershipLostException if this process does not hold that leadership now
     */
    public List<CuratorOp> leadershipChecks(String componentId, FencingToken token) throws Exception {
        ComponentElection c = components.get(componentId);
        Grant grant = c == null ? null : c.grant;
        if (c == null || grant == null || !c.hasLeadership(token)) {
            throw new LeadershipLostException("write refused: epoch " + token.epoch()
                    + " is not the current leadership of '" + componentId + "' in this process"
                    + (grant == null ? "" : " (current epoch " + grant.token().epoch() + ")"));
        }
        return List.of(
                client.transactionOp().check().forPath(grant.latchPath()),
                client.transactionOp()
                        .check()
                        .withVersion(grant.epochVersion())
                        .forPath(LeaderPaths.epoch(componentId)));
    }

    /**
     * Runs a transaction of {@link #leadershipChecks} plus {@code writes}; a failed check becomes
     * {@link LeadershipLostException}, anything else is rethrown.
     */
    public void writeAsLeader(String componentId, FencingToken token, List<CuratorOp> writes) throws Exception {
        List<CuratorOp> ops = new ArrayList<>(leadershipChecks(componentId, token));
        ops.addAll(writes);
        try {
            client.transaction().forOperations(ops);
        } catch (KeeperException e) {
            int failed = firstFailed(e);
            if (failed == 0 || failed == 1) {
                throw new LeadershipLostException(
                        "write refused by ZooKeeper: epoch " + token.epoch() + " of '" + componentId
                                + "' no longer leads (" + (failed == 0 ? "latch node gone" : "a newer epoch was minted")
                                + ")",
                        e);
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- latch events (event thread)

    private void ensureLatchStarted() throws Exception {
        if (latch != null || state == State.CLOSED) {
            return;
        }
        // A persistent parent: container clean-up could delete an empty container parent, resetting
        // sequence numbers under a waiting latch (CURATOR-724).
        try {
            client.create()
                    .creatingParentsIfNeeded()
                    .withMode(CreateMode.PERSISTENT)
                    .forPath(LeaderPaths.LATCH);
        } catch (KeeperException.NodeExistsException ignored) {
            // already there
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
                events);
        latch = l;
        l.start();
        LOG.info("Participant '{}' joined the election at {}", participantId, LeaderPaths.LATCH);
    }

    private void closeLatch() {
        LeaderLatch l = latch;
        latch = null;
        onNotLeader(l);
        if (l != null) {
            try {
                l.close();
                LOG.info("Participant '{}' left the election", participantId);
            } catch (Exception e) {
                LOG.warn("Participant '{}': closing the latch failed", participantId, e);
            }
        }
    }

    private void onIsLeader(LeaderLatch l) {
        if (l != latch || state == State.CLOSED || !l.hasLeadership()) {
            return; // a callback of a latch we have left, or already superseded
        }
        try {
            String path = l.getOurPath();
            Stat stat = path == null ? null : client.checkExists().forPath(path);
            if (stat == null) {
                return; // the node is gone again; the latch will reset and tell us
            }
            long session = client.getZookeeperClient().getZooKeeper().getSessionId();
            if (stat.getEphemeralOwner() != session) {
                LOG.warn(
                        "Ignoring a grant for latch node {} of old ZooKeeper session 0x{} (current 0x{})",
                        path,
                        Long.toHexString(stat.getEphemeralOwner()),
                        Long.toHexString(session));
                return;
            }
            leadership = new Leadership(path, session);
            LOG.info(
                    "Participant '{}' won the election: latch node {}, ZooKeeper session 0x{}",
                    participantId,
                    path,
                    Long.toHexString(session));
            watchOwnNode(path);
            for (ComponentElection c : components.values()) {
                c.grantIfContending();
            }
        } catch (Exception e) {
            LOG.warn(
                    "Participant '{}': could not take up leadership ({}); waiting for the next latch event",
                    participantId,
                    e.toString());
        }
    }

    /**
     * Curator's latch does not watch its own node once it leads, so if the server deletes it
     * (session expired there, or an operator) the process would go on believing it leads: a
     * zombie whose writes ZooKeeper refuses. Watching the node lets it notice, revoke and rejoin.
     */
    private void watchOwnNode(String path) throws Exception {
        // In the background: the event thread must never wait on ZooKeeper while revokes may be queued behind it.
        client.checkExists()
                .usingWatcher((CuratorWatcher) event -> events.execute(() -> onOwnNodeEvent(path, event)))
                .inBackground((c, result) -> {
                    if (result.getStat() == null && result.getResultCode() == KeeperException.Code.NONODE.intValue()) {
                        events.execute(() -> {
                            Leadership l = leadership;
                            if (l != null && l.latchPath().equals(path)) {
                                onOwnNodeGone(path);
                            }
                        });
                    }
                })
                .forPath(path);
    }

    private void onOwnNodeEvent(String path, WatchedEvent event) {
        Leadership l = leadership;
        if (l == null || !l.latchPath().equals(path) || state == State.CLOSED) {
            return;
        }
        if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
            onOwnNodeGone(path);
        } else if (event.getType() != Watcher.Event.EventType.None) {
            // A data change fired the one-shot watch; ZooKeeper itself keeps watches across reconnects.
            try {
                watchOwnNode(path);
            } catch (Exception e) {
                LOG.debug("Could not re-arm the watch on latch node {}: {}", path, e.toString());
            }
        }
    }

    private void onOwnNodeGone(String path) {
        LOG.warn(
                "Latch node {} of participant '{}' was deleted while it leads (expired on the server, or removed by "
                        + "an operator); revoking and rejoining the election",
                path,
                participantId);
        closeLatch();
        if (!components.isEmpty() && state != State.CLOSED) {
            try {
                ensureLatchStarted();
            } catch (Exception e) {
                fatal("participant '" + participantId + "' could not rejoin the election", e);
            }
        }
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
        for (ComponentElection c : components.values()) {
            c.revokeIfGranted();
        }
    }

    private void onConnectionState(ConnectionState newState) {
        switch (newState) {
            case SUSPENDED:
                LOG.warn(
                        "ZooKeeper connection SUSPENDED; {}",
                        client.getConnectionStateErrorPolicy().isErrorState(ConnectionState.SUSPENDED)
                                ? "leadership is revoked until reconnected (default policy)"
                                : "leadership kept (tolerate-suspended-connections)");
                break;
            case LOST:
                LOG.warn("ZooKeeper session LOST; leadership revoked");
                break;
            case RECONNECTED:
                LOG.info("ZooKeeper connection RECONNECTED; the latch re-checks its position");
                break;
            default:
                break;
        }
    }

    @Override
    public void close() {
        if (state == State.CLOSED) {
            return;
        }
        // Revoke and leave the latch first, so a successor can start at once; our leftover leader
        // information is removed afterwards (only if it is still ours, i.e. nobody has published yet).
        CompletableFuture<Void> closed = CompletableFuture.runAsync(
                () -> {
                    for (ComponentElection c : components.values()) {
                        c.stopWatching();
                    }
                    closeLatch();
                    for (ComponentElection c : components.values()) {
                        c.removeOwnInformation();
                    }
                    state = State.CLOSED;
                },
                events);
        try {
            closed.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Participant '{}': closing the election did not finish cleanly", participantId, e);
        } finally {
            state = State.CLOSED;
            watchdog.shutdownNow();
            events.shutdown();
            io.shutdown();
        }
    }

    static int firstFailed(KeeperException e) {
        List<OpResult> results = e.getResults();
        if (results == null) {
            return -1;
        }
        for (int i = 0; i < results.size(); i++) {
            if (results.get(i) instanceof OpResult.ErrorResult err
                    && err.getErr() != KeeperException.Code.OK.intValue()
                    && err.getErr() != KeeperException.Code.RUNTIMEINCONSISTENCY.intValue()) {
                return i;
            }
        }
        return -1;
    }

    private void fatal(String message, Throwable cause) {
        LOG.error(message, cause);
        fatalErrorHandler.onFatalError(new IllegalStateException(message, cause));
    }

    // ---------------------------------------------------------------- one component

    private final class ComponentElection implements LeaderElection {
        private final String componentId;
        private final String epochPath;
        private final String infoPath;
        private volatile LeaderContender contender;
        private volatile Grant grant;
        private volatile byte[] publishedBytes;
        /** What we published in the leadership session that just ended, for clean-up after leaving the latch. */
        private byte[] lastPublishedBytes;

        private volatile CuratorCache infoWatch;
        /** Io thread only. */
        private boolean restoring;
        /** Leader information of owned components (info path -> bytes) we published, for removal at the end. */
        private final Map<String, byte[]> ownedPublished = new ConcurrentHashMap<>();

        ComponentElection(String componentId) {
            this.componentId = componentId;
            this.epochPath = LeaderPaths.epoch(componentId);
            this.infoPath = LeaderPaths.connectionInfo(componentId);
        }

        @Override
        public void startLeaderElection(LeaderContender newContender) {
            if (state == State.CLOSED) {
                throw new IllegalStateException("the leader election driver is closed");
            }
            events.execute(() -> {
                contender = newContender;
                try {
                    ensureLatchStarted();
                    if (isLeader()) {
                        grantIfContending();
                    }
                } catch (Exception e) {
                    newContender.handleError(e);
                }
            });
        }

        @Override
        public boolean hasLeadership(FencingToken token) {
            Grant g = grant;
            Leadership l = leadership;
            LeaderLatch current = latch;
            return g != null
                    && l != null
                    && current != null
                    && current.hasLeadership()
                    && g.token().equals(token)
                    && g.latchPath().equals(l.latchPath());
        }

        void grantIfContending() {
            Leadership l = leadership;
            LeaderContender c = contender;
            if (l == null || c == null || grant != null) {
                return;
            }
            try {
                Grant minted = mintEpoch(l);
                if (minted == null) {
                    return;
                }
                LeaderLatch current = latch;
                if (leadership != l || current == null || !current.hasLeadership()) {
                    LOG.info(
                            "Leadership ended while '{}' was minting epoch {}; no grant",
                            componentId,
                            minted.token().epoch());
                    return;
                }
                grant = minted;
                LOG.info(
                        "Granted leadership of '{}' to '{}': epoch {}, session {}",
                        componentId,
                        participantId,
                        minted.token().epoch(),
                        minted.token().sessionId());
                c.grantLeadership(minted.token());
            } catch (CorruptEpochException e) {
                c.handleError(e);
                fatal(e.getMessage(), e);
            } catch (KeeperException.NoAuthException e) {
                fatal("ZooKeeper refused access to " + epochPath + " (ACL): " + e.getMessage(), e);
            } catch (Exception e) {
                LOG.warn(
                        "Could not mint an epoch for '{}' ({}); waiting for the next latch event",
                        componentId,
                        e.toString());
            }
        }

        private Grant mintEpoch(Leadership l) throws Exception {
            for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
                Stat stat = new Stat();
                byte[] data;
                try {
                    data = client.getData().storingStatIn(stat).forPath(epochPath);
                } catch (KeeperException.NoNodeException e) {
                    try {
                        client.create()
                                .creatingParentsIfNeeded()
                                .forPath(epochPath, "0".getBytes(StandardCharsets.US_ASCII));
                    } catch (KeeperException.NodeExistsException ignored) {
                        // another process created it first
                    }
                    continue;
                }
                long next = parseEpoch(data) + 1;
                try {
                    client.transaction()
                            .forOperations(
                                    client.transactionOp().check().forPath(l.latchPath()),
                                    client.transactionOp()
                                            .setData()
                                            .withVersion(stat.getVersion())
                                            .forPath(
                                                    epochPath,
                                                    Long.toString(next).getBytes(StandardCharsets.US_ASCII)));
                    return new Grant(new FencingToken(UUID.randomUUID(), next), l.latchPath(), stat.getVersion() + 1);
                } catch (KeeperException e) {
                    if (firstFailed(e) == 0) {
                        LOG.info(
                                "Latch node {} vanished before '{}' got its epoch; no grant",
                                l.latchPath(),
                                componentId);
                        return null;
                    }
                    if (!(e instanceof KeeperException.BadVersionException)) {
                        throw e;
                    }
                }
            }
            throw new IllegalStateException(
                    "epoch node " + epochPath + " kept changing under us; " + WRITE_ATTEMPTS + " attempts");
        }

        private long parseEpoch(byte[] data) throws CorruptEpochException {
            String text = data == null ? "" : new String(data, StandardCharsets.US_ASCII).trim();
            try {
                long epoch = Long.parseLong(text);
                if (epoch < 0) {
                    throw new NumberFormatException("negative");
                }
                return epoch;
            } catch (NumberFormatException e) {
                throw new CorruptEpochException(
                        "epoch node " + epochPath + " holds '" + text
                                + "', not a non-negative number; refusing to mint an epoch that might not be higher than the last");
            }
        }

        void revokeIfGranted() {
            Grant g = grant;
            grant = null;
            lastPublishedBytes = publishedBytes;
            publishedBytes = null;
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

        @Override
        public CompletableFuture<Void> confirmLeadership(FencingToken token, String address) {
            return CompletableFuture.runAsync(
                    () -> {
                        try {
                            publish(token, address);
                        } catch (LeadershipLostException e) {
                            throw e;
                        } catch (KeeperException.NoAuthException e) {
                            fatal("ZooKeeper refused to publish " + infoPath + " (ACL): " + e.getMessage(), e);
                            throw new IllegalStateException(e);
                        } catch (Exception e) {
                            throw new IllegalStateException(
                                    "publishing leader information of '" + componentId + "' failed: " + e, e);
                        }
                    },
                    io);
        }

        private void publish(FencingToken token, String address) throws Exception {
            if (!hasLeadership(token)) {
                throw new LeadershipLostException("not publishing leader information of '" + componentId
                        + "' for epoch " + token.epoch() + ": not the current leadership");
            }
            LeaderInformation info =
                    new LeaderInformation(componentId, address, token.sessionId(), token.epoch(), Instant.now());
            byte[] bytes = LeaderInformationCodec.encode(info);
            writeInformation(token, bytes);
            publishedBytes = bytes;
            LOG.info("Published leader of '{}': {} at epoch {}", componentId, address, token.epoch());
            watchInformation();
        }

        /** Replaces whatever is at the info node with ours, as a node owned by our session. */
        private void writeInformation(FencingToken token, byte[] bytes) throws Exception {
            replaceAsLeader(token, infoPath, bytes);
        }

        /** Replaces whatever is at {@code path} with {@code bytes}, ephemeral, in a leadership-checked transaction. */
        private void replaceAsLeader(FencingToken token, String path, byte[] bytes) throws Exception {
            for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
                Stat stat = client.checkExists().forPath(path);
                List<CuratorOp> writes = new ArrayList<>();
                if (stat != null) {
                    writes.add(client.transactionOp()
                            .delete()
                            .withVersion(stat.getVersion())
                            .forPath(path));
                }
                writes.add(client.transactionOp()
                        .create()
                        .withMode(CreateMode.EPHEMERAL)
                        .forPath(path, bytes));
                try {
                    writeAsLeader(componentId, token, writes);
                    return;
                } catch (KeeperException.BadVersionException
                        | KeeperException.NoNodeException
                        | KeeperException.NodeExistsException e) {
                    // someone else touched the info node between our read and our write; read again
                }
            }
            throw new IllegalStateException("leader information node " + path + " kept changing under us");
        }

        private void watchInformation() {
            if (infoWatch != null) {
                return;
            }
            infoWatch = CuratorCache.build(client, infoPath, CuratorCache.Options.SINGLE_NODE_CACHE);
            infoWatch
                    .listenable()
                    .addListener(
                            CuratorCacheListener.builder()
                                    .forCreatesAndChanges((before, after) -> restoreIfForeign())
                                    .forDeletes(before -> restoreIfForeign())
                                    .build(),
                            io);
            infoWatch.start();
        }

        /**
         * Someone changed or deleted our leader information while we lead: put ours back, once per
         * foreign change. Our own write produces a change event with our own bytes, which ends here.
         */
        private void restoreIfForeign() {
            Grant g = grant;
            byte[] ours = publishedBytes;
            if (g == null || ours == null || restoring || !hasLeadership(g.token())) {
                return;
            }
            try {
                byte[] now = client.getData().forPath(infoPath);
                if (Arrays.equals(now, ours)) {
                    return;
                }
                LOG.warn(
                        "Leader information of '{}' was changed by someone else while we lead; restoring it",
                        componentId);
            } catch (KeeperException.NoNodeException e) {
                LOG.warn("Leader information of '{}' was deleted while we lead; restoring it", componentId);
            } catch (Exception e) {
                LOG.warn("Could not check leader information of '{}': {}", componentId, e.toString());
                return;
            }
            restoring = true;
            try {
                writeInformation(g.token(), ours);
            } catch (Exception e) {
                LOG.warn("Restoring leader information of '{}' failed: {}", componentId, e.toString());
            } finally {
                restoring = false;
            }
        }

        @Override
        public CompletableFuture<Void> publishOwned(String ownedComponentId, FencingToken token, String address) {
            String ownedPath = LeaderPaths.connectionInfo(ownedComponentId);
            return CompletableFuture.runAsync(
                    () -> {
                        if (!hasLeadership(token)) {
                            throw new LeadershipLostException(
                                    "not publishing leader information of '" + ownedComponentId + "' for epoch "
                                            + token.epoch() + " of '" + componentId + "': not the current leadership");
                        }
                        try {
                            client.create().creatingParentsIfNeeded().forPath(LeaderPaths.component(ownedComponentId));
                        } catch (KeeperException.NodeExistsException e) {
                            // published before, by us or an earlier leader
                        } catch (Exception e) {
                            throw new IllegalStateException(
                                    "creating " + LeaderPaths.component(ownedComponentId) + " failed: " + e, e);
                        }
                        byte[] bytes = LeaderInformationCodec.encode(new LeaderInformation(
                                ownedComponentId, address, token.sessionId(), token.epoch(), Instant.now()));
                        try {
                            replaceAsLeader(token, ownedPath, bytes);
                        } catch (LeadershipLostException e) {
                            throw e;
                        } catch (Exception e) {
                            throw new IllegalStateException(
                                    "publishing leader information of '" + ownedComponentId + "' failed: " + e, e);
                        }
                        ownedPublished.put(ownedPath, bytes);
                        LOG.info(
                                "Published '{}' (owned by '{}'): {} at epoch {}",
                                ownedComponentId,
                                componentId,
                                address,
                                token.epoch());
                    },
                    io);
        }

        void removeOwnInformation() {
            removeInformation(infoPath, publishedBytes != null ? publishedBytes : lastPublishedBytes);
            lastPublishedBytes = null;
            ownedPublished.forEach(this::removeInformation);
            ownedPublished.clear();
        }

        private void removeInformation(String path, byte[] ours) {
            if (ours == null) {
                return;
            }
            try {
                Stat stat = new Stat();
                byte[] now = client.getData().storingStatIn(stat).forPath(path);
                if (Arrays.equals(now, ours)) {
                    client.delete().withVersion(stat.getVersion()).forPath(path);
                    LOG.info("Removed leader information at {}", path);
                }
            } catch (KeeperException.NoNodeException | KeeperException.BadVersionException e) {
                // not ours any more
            } catch (Exception e) {
                LOG.warn("Could not remove leader information of '{}': {}", componentId, e.toString());
            }
        }

        void stopWatching() {
            if (infoWatch != null) {
                infoWatch.close();
                infoWatch = null;
            }
        }

        @Override
        public void close() {
            if (!components.remove(componentId, this)) {
                return;
            }
            CompletableFuture<Void> done = CompletableFuture.runAsync(
                    () -> {
                        stopWatching();
                        byte[] ours = publishedBytes;
                        revokeIfGranted();
                        contender = null;
                        if (components.isEmpty()) {
                            closeLatch();
                        }
                        removeInformation(infoPath, ours);
                        ownedPublished.forEach(this::removeInformation);
                        ownedPublished.clear();
                    },
                    events);
            try {
                done.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Closing the election of '{}' did not finish cleanly", componentId, e);
            }
        }
    }

    /** The epoch node does not hold a number: monotonic epochs can no longer be guaranteed. */
    static final class CorruptEpochException extends Exception {
        private static final long serialVersionUID = 1L;

        CorruptEpochException(String message) {
            super(message);
        }
    }
}
