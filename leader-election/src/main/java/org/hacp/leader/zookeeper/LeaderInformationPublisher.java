package org.hacp.leader.zookeeper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.hacp.fencing.FencingToken;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeadershipLostException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes one component's leader information (and that of components it owns, e.g. a job's
 * JobMaster) as ephemeral znodes written in leadership-checked transactions, puts ours back if
 * someone else changes it while we lead, and removes what is still ours when the election ends.
 *
 * <p>Confined to the io thread: every method runs there (they wait on ZooKeeper), and so does the
 * watch on the information node.
 */
final class LeaderInformationPublisher implements LeaderPublishing {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderInformationPublisher.class);
    private static final int WRITE_ATTEMPTS = 5;
    /** Owned components per transaction: about 4 operations and 250 bytes each, far below jute.maxbuffer. */
    static final int OWNED_PER_TRANSACTION = 100;

    private final CuratorFramework client;
    private final String componentId;
    private final String infoPath;
    private final LeadershipTransactions transactions;
    /** The component's grant if it still leads now, else null; read here, owned by the event thread. */
    private final Supplier<Grant> leadingGrant;

    private final Executor io;
    private byte[] publishedBytes;
    /** What we published in the leadership session that just ended, for clean-up after leaving the latch. */
    private byte[] lastPublishedBytes;
    /** Leader information of owned components (info path -> bytes) we published. */
    private final Map<String, byte[]> ownedPublished = new HashMap<>();

    private CuratorCache infoWatch;
    private boolean restoring;

    LeaderInformationPublisher(
            CuratorFramework client,
            String componentId,
            LeadershipTransactions transactions,
            Supplier<Grant> leadingGrant,
            Executor io) {
        this.client = client;
        this.componentId = componentId;
        this.infoPath = LeaderPaths.connectionInfo(componentId);
        this.transactions = transactions;
        this.leadingGrant = leadingGrant;
        this.io = io;
    }

    /** Publishes {@code address} at epoch {@code token} if it is still the component's leadership. */
    @Override
    public void publish(FencingToken token, String address) throws Exception {
        if (!leads(token)) {
            throw new LeadershipLostException("not publishing leader information of '" + componentId + "' for epoch "
                    + token.epoch() + ": not the current leadership");
        }
        byte[] bytes = encode(componentId, token, address);
        replaceAsLeader(token, infoPath, bytes);
        publishedBytes = bytes;
        LOG.info("Published leader of '{}': {} at epoch {}", componentId, address, token.epoch());
        watchInformation();
        restoreIfForeign(); // a change before the watch started produces no event
    }

    /**
     * Publishes the leader information of owned components (owned component id to address) in few
     * round trips: per {@link #OWNED_PER_TRANSACTION} components, one pipelined read of their nodes
     * and parents and one leadership-checked transaction that creates a missing parent, replaces
     * the node and bumps the parent's version. Published one by one, each took three round
     * trips on this thread, and a leader of 1,000 jobs kept it busy for seconds after every grant,
     * with its step-down queued behind (a planned handover of 9.2 s, scripts/bench scale, issue
     * 32). {@link #removeOwn} takes the same shape.
     */
    @Override
    public void publishOwned(Map<String, String> addresses, FencingToken token) throws Exception {
        if (!leads(token)) {
            throw new LeadershipLostException("not publishing leader information of " + addresses.size()
                    + " component(s) owned by '" + componentId + "' for epoch " + token.epoch()
                    + ": not the current leadership");
        }
        List<String> owned = new ArrayList<>(addresses.keySet());
        int taken = 0;
        for (int from = 0; from < owned.size(); from += OWNED_PER_TRANSACTION) {
            List<String> chunk = owned.subList(from, Math.min(owned.size(), from + OWNED_PER_TRANSACTION));
            taken += publishChunk(chunk, addresses, token);
        }
        LOG.info(
                "Published {} component(s) owned by '{}' at epoch {} in {} transaction(s)",
                owned.size(),
                componentId,
                token.epoch(),
                taken);
    }

    /**
     * Publishes one chunk of owned components in one transaction, reading their nodes and parents
     * first in one pipelined read; read again when a node changed in between (a predecessor removing
     * its own), then one by one. Returns the transactions taken.
     */
    private int publishChunk(List<String> chunk, Map<String, String> addresses, FencingToken token) throws Exception {
        for (int attempt = 1; attempt <= WRITE_ATTEMPTS; attempt++) {
            List<String> paths = new ArrayList<>();
            for (String ownedComponentId : chunk) {
                paths.add(LeaderPaths.component(ownedComponentId));
                paths.add(LeaderPaths.connectionInfo(ownedComponentId));
            }
            Map<String, PipelinedReads.Answer> stats = PipelinedReads.checkExists(client, paths);
            Map<String, byte[]> written = new HashMap<>();
            List<CuratorOp> ops = new ArrayList<>();
            for (String ownedComponentId : chunk) {
                String parent = LeaderPaths.component(ownedComponentId);
                String path = LeaderPaths.connectionInfo(ownedComponentId);
                byte[] bytes = encode(ownedComponentId, token, addresses.get(ownedComponentId));
                if (stats.get(parent).stat() == null) {
                    ops.add(client.transactionOp().create().forPath(parent));
                }
                ops.addAll(new LeaderInformationNode(client, path)
                        .replaceOps(stats.get(path).stat(), bytes));
                written.put(path, bytes);
            }
            try {
                transactions.write(componentId, token, ops);
                ownedPublished.putAll(written);
                return attempt;
            } catch (KeeperException.BadVersionException
                    | KeeperException.NoNodeException
                    | KeeperException.NodeExistsException changed) {
                // a node changed between the read and the write: read again
            }
        }
        for (String ownedComponentId : chunk) {
            publishOne(ownedComponentId, token, addresses.get(ownedComponentId));
        }
        return WRITE_ATTEMPTS + chunk.size();
    }

    /** One owned component's leader information, reading its node first. */
    private void publishOne(String ownedComponentId, FencingToken token, String address) throws Exception {
        String parent = LeaderPaths.component(ownedComponentId);
        try {
            client.create().creatingParentsIfNeeded().forPath(parent);
        } catch (KeeperException.NodeExistsException e) {
            // published before, by us or an earlier leader
        }
        String ownedPath = LeaderPaths.connectionInfo(ownedComponentId);
        byte[] bytes = encode(ownedComponentId, token, address);
        replaceAsLeader(token, ownedPath, bytes);
        ownedPublished.put(ownedPath, bytes);
    }

    /** The leadership session ended: what we published becomes "last", to be removed on close. */
    @Override
    public void leadershipEnded() {
        if (publishedBytes != null) {
            lastPublishedBytes = publishedBytes;
        }
        publishedBytes = null;
    }

    /** The election ends: stop watching and remove every node that still holds what we wrote. */
    @Override
    public void removeOwn() {
        if (infoWatch != null) {
            infoWatch.close();
            infoWatch = null;
        }
        removeIfOurs(infoPath, publishedBytes != null ? publishedBytes : lastPublishedBytes);
        publishedBytes = null;
        lastPublishedBytes = null;
        removeOwnedIfOurs(Map.copyOf(ownedPublished));
        ownedPublished.clear();
    }

    private boolean leads(FencingToken token) {
        Grant grant = leadingGrant.get();
        return grant != null && grant.token().equals(token);
    }

    private static byte[] encode(String componentId, FencingToken token, String address) {
        return LeaderInformationCodec.encode(
                new LeaderInformation(componentId, address, token.sessionId(), token.epoch(), Instant.now()));
    }

    /** Replaces whatever is at {@code path} with {@code bytes}, ephemeral, in a leadership-checked transaction. */
    private void replaceAsLeader(FencingToken token, String path, byte[] bytes) throws Exception {
        LeaderInformationNode node = new LeaderInformationNode(client, path);
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            List<CuratorOp> writes = node.replaceOps(bytes);
            try {
                transactions.write(componentId, token, writes);
                return;
            } catch (KeeperException.BadVersionException
                    | KeeperException.NoNodeException
                    | KeeperException.NodeExistsException e) {
                // someone else touched the node between our read and our write; read again
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
        Grant grant = leadingGrant.get();
        byte[] ours = publishedBytes;
        if (grant == null || ours == null || restoring) {
            return;
        }
        try {
            byte[] now = client.getData().forPath(infoPath);
            if (Arrays.equals(now, ours)) {
                return;
            }
            LOG.warn("Leader information of '{}' was changed by someone else while we lead; restoring it", componentId);
        } catch (KeeperException.NoNodeException e) {
            LOG.warn("Leader information of '{}' was deleted while we lead; restoring it", componentId);
        } catch (Exception e) {
            LOG.warn("Could not check leader information of '{}': {}", componentId, e.toString());
            return;
        }
        restoring = true;
        try {
            replaceAsLeader(grant.token(), infoPath, ours);
        } catch (Exception e) {
            LOG.warn("Restoring leader information of '{}' failed: {}", componentId, e.toString());
        } finally {
            restoring = false;
        }
    }

    /**
     * Removes the owned components' nodes (path to the bytes we wrote) that still hold what we
     * wrote, per {@link #OWNED_PER_TRANSACTION} in one transaction after one pipelined read of their
     * parents and then of the nodes (parents first, as {@link LeaderInformationNode} explains); a
     * transaction that finds one replaced meanwhile removes its nodes one by one. One by one, a
     * step-down of a leader of 1,000 jobs took 3,000 round trips before it answered (issue 32).
     */
    private void removeOwnedIfOurs(Map<String, byte[]> owned) {
        if (owned.isEmpty()) {
            return;
        }
        try {
            List<String> paths = new ArrayList<>(owned.keySet());
            Map<String, PipelinedReads.Answer> parents = PipelinedReads.checkExists(
                    client, paths.stream().map(LeaderInformationNode::parentOf).toList());
            Map<String, PipelinedReads.Answer> nodes = PipelinedReads.getData(client, paths);
            List<String> chunk = new ArrayList<>();
            List<CuratorOp> ops = new ArrayList<>();
            int removed = 0;
            for (String path : paths) {
                Stat parent = parents.get(LeaderInformationNode.parentOf(path)).stat();
                PipelinedReads.Answer node = nodes.get(path);
                if (parent == null
                        || node.resultCode() != KeeperException.Code.OK.intValue()
                        || !Arrays.equals(node.data(), owned.get(path))) {
                    continue; // gone, or replaced by a successor
                }
                ops.addAll(new LeaderInformationNode(client, path)
                        .removeOps(new LeaderInformationNode.Removal(
                                parent.getVersion(), node.stat().getVersion())));
                chunk.add(path);
                if (chunk.size() == OWNED_PER_TRANSACTION) {
                    removed += removeChunk(chunk, ops, owned);
                    chunk.clear();
                    ops.clear();
                }
            }
            removed += removeChunk(chunk, ops, owned);
            LOG.info("Removed {} leader information node(s) of components owned by '{}'", removed, componentId);
        } catch (Exception e) {
            LOG.warn(
                    "Could not remove the leader information of components owned by '{}': {}",
                    componentId,
                    e.toString());
        }
    }

    private int removeChunk(List<String> chunk, List<CuratorOp> ops, Map<String, byte[]> owned) throws Exception {
        if (chunk.isEmpty()) {
            return 0;
        }
        try {
            client.transaction().forOperations(ops);
            return chunk.size();
        } catch (KeeperException.NoNodeException | KeeperException.BadVersionException replaced) {
            chunk.forEach(path -> removeIfOurs(path, owned.get(path)));
            return 0;
        }
    }

    private void removeIfOurs(String path, byte[] ours) {
        if (ours == null) {
            return;
        }
        try {
            LeaderInformationNode node = new LeaderInformationNode(client, path);
            Optional<LeaderInformationNode.Removal> removal = node.readForRemoval(ours);
            if (removal.isPresent() && node.remove(removal.get())) {
                LOG.info("Removed leader information at {}", path);
            }
        } catch (Exception e) {
            LOG.warn("Could not remove leader information of '{}': {}", componentId, e.toString());
        }
    }
}
