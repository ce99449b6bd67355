package org.hacp.leader.zookeeper;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.hacp.fencing.FencingToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mints epochs from a component's persistent counter znode: {@code last + 1} written with a
 * version-checked {@code setData} in a transaction that also checks our latch node, so epochs are
 * dense, strictly increase across leaders and restarts, and a deposed leader cannot mint one.
 * Every call waits on ZooKeeper: io thread only.
 */
final class EpochCounter {
    private static final Logger LOG = LoggerFactory.getLogger(EpochCounter.class);
    private static final int WRITE_ATTEMPTS = 5;

    private final CuratorFramework client;

    EpochCounter(CuratorFramework client) {
        this.client = client;
    }

    /**
     * The next epoch of {@code componentId} under {@code leadership}, or null if our latch node
     * vanished before the write (no grant: the latch will tell us what happened).
     *
     * @throws CorruptEpochException if the counter holds no usable number
     */
    Grant mint(String componentId, Leadership leadership) throws Exception {
        String epochPath = LeaderPaths.epoch(componentId);
        for (int attempt = 0; attempt < WRITE_ATTEMPTS; attempt++) {
            Stat stat = new Stat();
            byte[] data;
            try {
                data = client.getData().storingStatIn(stat).forPath(epochPath);
            } catch (KeeperException.NoNodeException e) {
                createCounter(epochPath);
                continue;
            }
            long next = next(epochPath, data);
            CuratorOp latchCheck = client.transactionOp().check().forPath(leadership.latchPath());
            CuratorOp write = client.transactionOp()
                    .setData()
                    .withVersion(stat.getVersion())
                    .forPath(epochPath, Long.toString(next).getBytes(StandardCharsets.US_ASCII));
            try {
                client.transaction().forOperations(latchCheck, write);
                return new Grant(
                        new FencingToken(UUID.randomUUID(), next), leadership.latchPath(), stat.getVersion() + 1);
            } catch (KeeperException e) {
                if (LeadershipTransactions.firstFailed(e) == 0) {
                    LOG.info(
                            "Latch node {} vanished before '{}' got its epoch; no grant",
                            leadership.latchPath(),
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

    private void createCounter(String epochPath) throws Exception {
        try {
            client.create().creatingParentsIfNeeded().forPath(epochPath, "0".getBytes(StandardCharsets.US_ASCII));
        } catch (KeeperException.NodeExistsException ignored) {
            // another process created it first
        }
    }

    /** The epoch after the one stored in {@code data}; refuses anything that might not be higher. */
    static long next(String epochPath, byte[] data) throws CorruptEpochException {
        String text = data == null ? "" : new String(data, StandardCharsets.US_ASCII).trim();
        long last;
        try {
            last = Long.parseLong(text);
        } catch (NumberFormatException e) {
            last = -1;
        }
        if (last < 0) {
            throw new CorruptEpochException("epoch node " + epochPath + " holds '" + text
                    + "', not a non-negative number; refusing to mint an epoch that might not be higher than the last");
        }
        if (last == Long.MAX_VALUE) {
            throw new CorruptEpochException("epoch node " + epochPath + " holds " + last
                    + ", the largest epoch there is; no higher epoch can be minted");
        }
        return last + 1;
    }
}
