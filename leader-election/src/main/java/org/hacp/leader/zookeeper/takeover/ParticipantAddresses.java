package org.hacp.leader.zookeeper.takeover;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.hacp.leader.zookeeper.LeaderPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RPC addresses of the election's participants that have a live ZooKeeper session, followed
 * through their {@link SessionCard}s (only JobManagers with fast takeover publish one) with a
 * Curator {@link CuratorCache}. TaskExecutors use them to prepare connections to standbys before a
 * failover needs them (issue 16).
 *
 * <p>Threads: the change callback runs on the cache's thread; {@link #current} may be called from
 * any thread and reads the cache without waiting on ZooKeeper. A corrupt card is skipped with a
 * warning. Close: stops following; the callback is not called afterwards.
 */
public final class ParticipantAddresses implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ParticipantAddresses.class);

    private final CuratorCache cache;

    public ParticipantAddresses(CuratorFramework client) {
        this.cache = CuratorCache.build(client, LeaderPaths.SESSIONS);
    }

    /** Starts following; {@code onChange} runs after every change, the first load included. */
    public void start(Runnable onChange) {
        cache.listenable().addListener((type, oldData, data) -> onChange.run());
        cache.start();
    }

    /** Participant id to RPC address, as last seen. */
    public Map<String, InetSocketAddress> current() {
        Map<String, InetSocketAddress> addresses = new TreeMap<>();
        cache.stream()
                .filter(d -> !d.getPath().equals(LeaderPaths.SESSIONS) && d.getData() != null)
                .forEach(d -> decode(d)
                        .ifPresent(card -> addresses.put(
                                card.participant(), InetSocketAddress.createUnresolved(card.host(), card.port()))));
        return addresses;
    }

    private static Optional<SessionCard> decode(ChildData data) {
        try {
            return Optional.of(SessionCard.decode(data.getPath(), data.getData()));
        } catch (IllegalArgumentException corrupt) {
            LOG.warn("Skipping a session card: {}", corrupt.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        cache.close();
    }
}
