package org.hacp.ha.zookeeper;

import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.hacp.ha.ClusterVersion;
import org.hacp.ha.StateRecords;
import org.hacp.protocol.UnreadableRecordException;

/**
 * The cluster version at {@code /cluster-version} (issue 31), a thin driver: every process reads it
 * as it starts, hactl reads it, and only a finalize writes it, by compare-and-set on the znode's
 * version so that of two finalizes racing one wins and the other is refused. The policy (which
 * version, refused when) is {@code hactl upgrade}'s. Thread-safe; every call waits on ZooKeeper.
 */
public final class ClusterVersions {
    /** Where the version lives. */
    public static final String PATH = "/cluster-version";

    /** The znode version of a cluster version never written. */
    static final int ABSENT = -1;

    private final CuratorFramework client;

    ClusterVersions(CuratorFramework client) {
        this.client = client;
    }

    /**
     * The cluster version as read, with what a finalize compares against.
     *
     * @param version the version in force ({@link ClusterVersion#INITIAL} when never finalized)
     * @param znodeVersion the znode's data version, -1 when it does not exist
     */
    public record Read(ClusterVersion version, int znodeVersion) {
        /** Whether an operator ever finalized this cluster. */
        public boolean finalized() {
            return znodeVersion != ABSENT;
        }
    }

    /**
     * The version in force.
     *
     * @throws UnreadableRecordException naming the path when the record is corrupt or of a version
     *     this build cannot read
     */
    public Read read() throws Exception {
        Stat stat = new Stat();
        byte[] bytes;
        try {
            bytes = client.getData().storingStatIn(stat).forPath(PATH);
        } catch (KeeperException.NoNodeException never) {
            return new Read(ClusterVersion.INITIAL, ABSENT);
        }
        return new Read(StateRecords.decode(PATH, bytes, ClusterVersion.class), stat.getVersion());
    }

    /**
     * Moves the cluster to {@code next}, if the version is still the one {@code seen}.
     *
     * @throws IllegalArgumentException if {@code next} is not higher than what was seen (nothing written)
     * @throws ConcurrentFinalizeException if the version changed since {@code seen} (nothing written)
     */
    public void finalizeTo(ClusterVersion next, Read seen) throws Exception {
        if (next.active() <= seen.version().active()) {
            throw new IllegalArgumentException("a finalize only moves the cluster version up: " + next.active()
                    + " is not above " + seen.version().active());
        }
        byte[] record = StateRecords.encode(next);
        try {
            if (seen.finalized()) {
                client.setData().withVersion(seen.znodeVersion()).forPath(PATH, record);
            } else {
                client.create().forPath(PATH, record);
            }
        } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException raced) {
            throw new ConcurrentFinalizeException(PATH);
        }
    }

    /** Another finalize changed the cluster version between a read and a write; nothing was written. */
    public static final class ConcurrentFinalizeException extends Exception {
        private static final long serialVersionUID = 1L;

        ConcurrentFinalizeException(String path) {
            super("the cluster version at " + path + " changed while finalizing (another finalize ran): nothing"
                    + " written; read the cluster version again");
        }
    }
}
