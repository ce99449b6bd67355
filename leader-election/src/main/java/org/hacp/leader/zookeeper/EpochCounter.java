package org.hacp.leader.zookeeper;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.hacp.fencing.FencingToken;
import org.hacp.protocol.UnreadableRecordException;
import org.hacp.protocol.ZnodeRecords;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mints epochs from a component's persistent counter znode: {@code last + 1} written with a
 * version-checked {@code setData} in a transaction that also checks our latch node, so epochs are
 * dense, strictly increase across leaders and restarts, and a deposed leader cannot mint one.
 * {@link #mint} waits on ZooKeeper: mint threads only. Mints may run concurrently, even for one
 * component after a quick loss and re-win: the versioned write makes the later one read again, so
 * epochs stay distinct and increasing. {@link #watch} and {@link #unwatch} do not wait. The
 * counter is a versioned record ({@link ZnodeRecords}): {@code {"v":1,"epoch":41}}.
 */
final class EpochCounter implements EpochSource {
    private static final Logger LOG = LoggerFactory.getLogger(EpochCounter.class);
    private static final int WRITE_ATTEMPTS = 5;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The counter's record: the last epoch minted, 0 before the first. */
    record Counter(long epoch) {}

    private final CuratorFramework client;
    private final ConcurrentMap<String, CuratorCache> watched = new ConcurrentHashMap<>();

    EpochCounter(CuratorFramework client) {
        this.client = client;
    }

    /**
     * The next epoch of {@code componentId} under {@code leadership}, or null if our latch node
     * vanished before the write (no grant: the latch will tell us what happened).
     *
     * @throws CorruptEpochException if the counter holds no usable number
     */
    @Override
    public Grant mint(String componentId, Leadership leadership) throws Exception {
        String epochPath = LeaderPaths.epoch(componentId);
        CuratorCache cache = watched.get(componentId);
        Optional<ChildData> cached = cache == null ? Optional.empty() : cache.get(epochPath);
        if (cached.isPresent() && cached.get().getStat() != null) {
            try {
                return write(
                        componentId,
                        leadership,
                        cached.get().getData(),
                        cached.get().getStat());
            } catch (KeeperException.BadVersionException | CorruptEpochException stale) {
                LOG.debug("Cached epoch counter of '{}' was stale ({}); reading it", componentId, stale.toString());
            }
        }
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Stat stat = new Stat();
            byte[] data;
            try {
                data = client.getData().storingStatIn(stat).forPath(epochPath);
            } catch (KeeperException.NoNodeException e) {
                createCounter(epochPath);
                continue;
            }
            try {
                return write(componentId, leadership, data, stat);
            } catch (KeeperException.BadVersionException e) {
                // minted by someone else between our read and write: read again
            }
        }
        throw new IllegalStateException(
                "epoch node " + epochPath + " kept changing under us; " + WRITE_ATTEMPTS + " attempts");
    }

    /**
     * Writes the epoch after {@code data} if the counter is still at {@code stat}'s version and our
     * latch node exists; null if the latch node vanished.
     *
     * @throws KeeperException.BadVersionException if the counter moved on
     */
    private Grant write(String componentId, Leadership leadership, byte[] data, Stat stat) throws Exception {
        String epochPath = LeaderPaths.epoch(componentId);
        long next = next(epochPath, data);
        CuratorOp latchCheck = client.transactionOp().check().forPath(leadership.latchPath());
        CuratorOp write =
                client.transactionOp().setData().withVersion(stat.getVersion()).forPath(epochPath, encode(next));
        try {
            client.transaction().forOperations(latchCheck, write);
            return new Grant(new FencingToken(UUID.randomUUID(), next), leadership.latchPath(), stat.getVersion() + 1);
        } catch (KeeperException e) {
            if (LeadershipTransactions.firstFailed(e) == 0) {
                LOG.info(
                        "Latch node {} vanished before '{}' got its epoch; no grant",
                        leadership.latchPath(),
                        componentId);
                return null;
            }
            throw e;
        }
    }

    /**
     * Keeps a watched copy of {@code componentId}'s counter while it contends, so that minting is
     * one round trip (the versioned write) instead of a read and a write: ~10 ms of each grant in a
     * planned handover on the 2-core benchmark machine (issue 16). A stale copy only costs the read.
     */
    @Override
    public void watch(String componentId) {
        watched.computeIfAbsent(componentId, c -> {
            CuratorCache cache =
                    CuratorCache.build(client, LeaderPaths.epoch(c), CuratorCache.Options.SINGLE_NODE_CACHE);
            cache.start();
            return cache;
        });
    }

    /** Stops watching {@code componentId}'s counter. */
    @Override
    public void unwatch(String componentId) {
        CuratorCache cache = watched.remove(componentId);
        if (cache != null) {
            cache.close();
        }
    }

    private void createCounter(String epochPath) throws Exception {
        try {
            client.create().creatingParentsIfNeeded().forPath(epochPath, encode(0));
        } catch (KeeperException.NodeExistsException ignored) {
            // another process created it first
        }
    }

    /** The counter's record holding {@code epoch}. */
    static byte[] encode(long epoch) {
        return ZnodeRecords.write(MAPPER, new Counter(epoch));
    }

    /**
     * The last epoch the counter at {@code epochPath} holds. A release before versioned records
     * (issue 31) wrote the bare number in ASCII: read as such, and rewritten as a record by the
     * next mint.
     */
    static long decode(String epochPath, byte[] data) throws UnreadableRecordException {
        if (data != null && data.length > 0 && isDigits(data)) {
            String number = new String(data, StandardCharsets.US_ASCII);
            try {
                return Long.parseLong(number);
            } catch (NumberFormatException e) {
                throw new UnreadableRecordException(epochPath, "the bare number " + number + " is no epoch", e);
            }
        }
        return ZnodeRecords.read(MAPPER, epochPath, data, Counter.class).epoch();
    }

    private static boolean isDigits(byte[] data) {
        for (byte b : data) {
            if (b < '0' || b > '9') {
                return false;
            }
        }
        return true;
    }

    /** The epoch after the one stored in {@code data}; refuses anything that might not be higher. */
    static long next(String epochPath, byte[] data) throws CorruptEpochException {
        long last;
        try {
            last = decode(epochPath, data);
        } catch (UnreadableRecordException e) {
            throw new CorruptEpochException(
                    "epoch " + e.getMessage() + "; refusing to mint an epoch that might not be higher than the last");
        }
        if (last < 0) {
            throw new CorruptEpochException("epoch node " + epochPath + " holds " + last
                    + ", not a non-negative number; refusing to mint an epoch that might not be higher than the last");
        }
        if (last == Long.MAX_VALUE) {
            throw new CorruptEpochException("epoch node " + epochPath + " holds " + last
                    + ", the largest epoch there is; no higher epoch can be minted");
        }
        return last + 1;
    }
}
