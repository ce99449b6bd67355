package org.hacp.leader.zookeeper;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The ZooKeeper operations on one leader information node: replace it (as a leader, inside a
 * leadership-checked transaction) and remove it only while it still holds what we wrote.
 *
 * <p>A node's version cannot tell one publish from the next: a new leader deletes the node and
 * creates its own, which starts at version 0 again, so an old leader's delete "at version 0",
 * issued after it read its own bytes, removed the new leader's information (HostsIT, a rolling
 * restart in a fresh-clone run: nobody could find the ResourceManager afterwards). Every replace
 * therefore also bumps the data version of the parent node, and a removal checks that version,
 * read before the node's bytes, in the same transaction as its delete.
 */
final class LeaderInformationNode {
    private static final byte[] NO_DATA = new byte[0];

    /** What a removal read: the parent's version first, then the node's, whose bytes were ours. */
    record Removal(int parentVersion, int version) {}

    private final CuratorFramework client;
    private final String path;
    private final String parent;

    LeaderInformationNode(CuratorFramework client, String path) {
        this.client = client;
        this.path = path;
        this.parent = parentOf(path);
    }

    String path() {
        return path;
    }

    /**
     * The writes that replace the node with {@code bytes} (ephemeral, ours) and bump the parent's
     * version; to run in one transaction, which fails with a {@link KeeperException} if the node
     * changed since this read.
     */
    List<CuratorOp> replaceOps(byte[] bytes) throws Exception {
        return replaceOps(client.checkExists().forPath(path), bytes);
    }

    /** {@link #replaceOps(byte[])} for a node read before as {@code stat} (null: absent). */
    List<CuratorOp> replaceOps(Stat stat, byte[] bytes) throws Exception {
        List<CuratorOp> writes = new ArrayList<>();
        if (stat != null) {
            writes.add(client.transactionOp()
                    .delete()
                    .withVersion(stat.getVersion())
                    .forPath(path));
        }
        writes.add(
                client.transactionOp().create().withMode(CreateMode.EPHEMERAL).forPath(path, bytes));
        writes.add(client.transactionOp().setData().forPath(parent, NO_DATA));
        return writes;
    }

    /** What a removal of {@code ours} needs, or empty when the node does not hold {@code ours}. */
    Optional<Removal> readForRemoval(byte[] ours) throws Exception {
        Stat parentStat = client.checkExists().forPath(parent);
        if (parentStat == null || ours == null) {
            return Optional.empty();
        }
        try {
            Stat stat = new Stat();
            byte[] now = client.getData().storingStatIn(stat).forPath(path);
            return Arrays.equals(now, ours)
                    ? Optional.of(new Removal(parentStat.getVersion(), stat.getVersion()))
                    : Optional.empty();
        } catch (KeeperException.NoNodeException gone) {
            return Optional.empty();
        }
    }

    /** The parent of a leader information node at {@code path}. */
    static String parentOf(String path) {
        return ZKPaths.getPathAndNode(path).getPath();
    }

    /** The operations of {@link #remove}: check the parent's version, delete the node at its version. */
    List<CuratorOp> removeOps(Removal removal) throws Exception {
        return List.of(
                client.transactionOp()
                        .check()
                        .withVersion(removal.parentVersion())
                        .forPath(parent),
                client.transactionOp().delete().withVersion(removal.version()).forPath(path));
    }

    /** Deletes the node if nobody replaced it since {@code removal} was read; whether it did. */
    boolean remove(Removal removal) throws Exception {
        try {
            client.transaction().forOperations(removeOps(removal));
            return true;
        } catch (KeeperException.NoNodeException | KeeperException.BadVersionException replaced) {
            return false;
        }
    }
}
