package org.hacp.leader.zookeeper.takeover;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.Objects;
import org.hacp.leader.zookeeper.LeaderPaths;
import org.hacp.protocol.UnreadableRecordException;
import org.hacp.protocol.ZnodeRecords;

/**
 * What fast takeover needs to know of a participant's ZooKeeper session, kept in the ephemeral
 * znode {@link LeaderPaths#sessionCard} that the session itself owns: the port that shows whether
 * the process is alive, and the session's id and password, with which a standby that has seen
 * the process gone closes the session (issue 16). The node is creator-only when ZooKeeper auth is
 * on, so only the cluster's members can read the password; it vanishes with the session.
 *
 * @param participant the participant id in the latch (e.g. {@code jobmanager-1})
 * @param session the ZooKeeper session id
 * @param password the session's password, base64; never printed
 * @param host the host of the process's RPC port, as its peers reach it
 * @param port that port
 */
public record SessionCard(String participant, long session, String password, String host, int port) {
    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    public SessionCard {
        Objects.requireNonNull(participant, "participant");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("no usable address '" + host + ":" + port + "'");
        }
        if (Base64.getDecoder().decode(password).length == 0) {
            throw new IllegalArgumentException("empty session password");
        }
    }

    public static SessionCard of(String participant, long session, byte[] password, InetSocketAddress address) {
        return new SessionCard(
                participant,
                session,
                Base64.getEncoder().encodeToString(password),
                address.getHostString(),
                address.getPort());
    }

    byte[] passwordBytes() {
        return Base64.getDecoder().decode(password);
    }

    /** The RPC port's address, resolved now. */
    InetSocketAddress address() {
        return new InetSocketAddress(host, port);
    }

    /** The card as a versioned znode record ({@link ZnodeRecords}). */
    public byte[] encode() {
        return ZnodeRecords.write(MAPPER, this);
    }

    /** Decodes the card at {@code path}; a corrupt one is an error naming the path and what is wrong. */
    public static SessionCard decode(String path, byte[] bytes) {
        try {
            return ZnodeRecords.read(MAPPER, path, bytes, SessionCard.class);
        } catch (UnreadableRecordException e) {
            throw new IllegalArgumentException("session card " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("session card at " + path + " is not valid: " + e, e);
        }
    }

    /** Everything but the password. */
    @Override
    public String toString() {
        return "SessionCard[" + participant + ", session 0x" + Long.toHexString(session) + ", " + host + ":" + port
                + "]";
    }
}
