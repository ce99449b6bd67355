package org.hacp.leader.zookeeper.takeover;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.hacp.leader.zookeeper.LeaderPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session cards as one participant sees them (issue 16): publishes its own for every new
 * ZooKeeper session, reads others', and ends the sessions of its own previous runs (same
 * participant id and address, which this process holds now). Every call waits on ZooKeeper:
 * the takeover thread only, which owns {@code publishedSession}.
 */
final class SessionCards {
    private static final Logger LOG = LoggerFactory.getLogger(SessionCards.class);

    private final CuratorFramework client;
    private final String participantId;
    private final InetSocketAddress ownAddress;
    private final SessionCloser closer;
    private final AtomicLong sessionsClosed;
    /** The session whose card we published. */
    private long publishedSession;

    /** @param sessionsClosed counts the previous runs' sessions ended here, with the takeovers' */
    SessionCards(
            CuratorFramework client,
            String participantId,
            InetSocketAddress ownAddress,
            SessionCloser closer,
            AtomicLong sessionsClosed) {
        this.client = client;
        this.participantId = participantId;
        this.ownAddress = ownAddress;
        this.closer = closer;
        this.sessionsClosed = sessionsClosed;
    }

    /** The card of {@code session}, or null if it has none or a corrupt one (logged). */
    SessionCard read(long session) throws Exception {
        String path = LeaderPaths.sessionCard(session);
        byte[] data;
        try {
            data = client.getData().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return null;
        }
        try {
            SessionCard card = SessionCard.decode(path, data);
            if (card.session() != session) {
                throw new IllegalArgumentException(
                        "session card at " + path + " names session 0x" + Long.toHexString(card.session()));
            }
            return card;
        } catch (IllegalArgumentException e) {
            LOG.warn("Participant '{}': {}; no fast takeover of that session", participantId, e.getMessage());
            return null;
        }
    }

    /** Publishes our card if our ZooKeeper session is new, then ends our previous runs' sessions. */
    void publishIfNewSession() throws Exception {
        long session = client.getZookeeperClient().getZooKeeper().getSessionId();
        if (session == publishedSession || session == 0) {
            return;
        }
        SessionCard card = SessionCard.of(
                participantId,
                session,
                client.getZookeeperClient().getZooKeeper().getSessionPasswd(),
                ownAddress);
        String path = LeaderPaths.sessionCard(session);
        try {
            client.create()
                    .creatingParentsIfNeeded()
                    .withMode(CreateMode.EPHEMERAL)
                    .forPath(path, card.encode());
        } catch (KeeperException.NodeExistsException ours) {
            // published before a reconnect of the same session
        }
        Stat stat = client.checkExists().forPath(path);
        if (stat == null || stat.getEphemeralOwner() != session) {
            return; // the session changed under us: the next step publishes the new one's card
        }
        publishedSession = session;
        closePreviousRuns(card);
    }

    /** Closes sessions whose card has our participant id and address: our previous runs, since we hold the address now. */
    private void closePreviousRuns(SessionCard own) throws Exception {
        for (String child : client.getChildren().forPath(LeaderPaths.SESSIONS)) {
            long session;
            try {
                session = Long.parseUnsignedLong(child, 16);
            } catch (NumberFormatException e) {
                continue;
            }
            if (session == own.session()) {
                continue;
            }
            SessionCard card = read(session);
            if (card != null
                    && card.participant().equals(own.participant())
                    && card.host().equals(own.host())
                    && card.port() == own.port()) {
                sessionsClosed.incrementAndGet();
                SessionCloser.Outcome outcome = closer.close(card);
                LOG.warn(
                        "Participant '{}': {} ZooKeeper session 0x{} of its previous run (same id and address {}:{}, "
                                + "which this process holds now); its latch position is free without waiting for expiry",
                        participantId,
                        outcome == SessionCloser.Outcome.CLOSED ? "closed" : "found already ended",
                        Long.toHexString(session),
                        own.host(),
                        own.port());
            }
        }
    }
}
