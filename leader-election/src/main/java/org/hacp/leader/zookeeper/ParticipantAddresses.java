package org.hacp.leader.zookeeper;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RPC addresses of the election's participants that have a live ZooKeeper session, read from
 * their {@link SessionCard}s (only JobManagers with fast takeover publish one). TaskExecutors use
 * them to prepare connections to standbys before a failover needs them (issue 16). Waits on
 * ZooKeeper on the caller's thread; a corrupt card is skipped with a warning.
 */
public final class ParticipantAddresses {
    private static final Logger LOG = LoggerFactory.getLogger(ParticipantAddresses.class);

    private ParticipantAddresses() {}

    /** Participant id to RPC address; empty if nobody has published a card. */
    public static Map<String, InetSocketAddress> read(CuratorFramework client) throws Exception {
        Map<String, InetSocketAddress> addresses = new TreeMap<>();
        try {
            for (String child : client.getChildren().forPath(LeaderPaths.SESSIONS)) {
                String path = LeaderPaths.SESSIONS + "/" + child;
                try {
                    SessionCard card = SessionCard.decode(path, client.getData().forPath(path));
                    addresses.put(card.participant(), InetSocketAddress.createUnresolved(card.host(), card.port()));
                } catch (KeeperException.NoNodeException gone) {
                    // the session ended while we listed
                } catch (IllegalArgumentException corrupt) {
                    LOG.warn("Skipping a session card: {}", corrupt.getMessage());
                }
            }
        } catch (KeeperException.NoNodeException none) {
            // nobody has published a card yet
        }
        return addresses;
    }
}
