package org.hacp.fencing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.UUID;

/**
 * Proof of one leadership session: a UUID minted fresh on every grant and an epoch that strictly
 * increases per component across all leaders. The epoch orders tokens, so a receiver can tell a
 * stale leader (older epoch) from one it has not heard of yet (newer epoch); the UUID tells two
 * claims of the same epoch apart, which must never happen.
 *
 * @param sessionId fresh per grant
 * @param epoch strictly increasing per component, durable across restarts; never negative
 */
public record FencingToken(UUID sessionId, long epoch) {

    /** How a received token stands against the current one. */
    public enum Relation {
        /** The same session: the call may run. */
        SAME,
        /** An older epoch: a deposed leader. */
        STALE,
        /** A higher epoch: a leader the receiver has not heard of yet; it should refresh retrieval. */
        NEWER,
        /** Same epoch, different session: two leaders claimed one epoch. A safety violation. */
        CONFLICTING
    }

    public FencingToken {
        Objects.requireNonNull(sessionId, "sessionId");
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative: " + epoch);
        }
    }

    /** A token for a new leadership session at {@code epoch}, with a fresh random session id. */
    public static FencingToken mint(long epoch) {
        return new FencingToken(UUID.randomUUID(), epoch);
    }

    /** How this (received) token stands against {@code current}. */
    public Relation relationTo(FencingToken current) {
        if (epoch < current.epoch) {
            return Relation.STALE;
        }
        if (epoch > current.epoch) {
            return Relation.NEWER;
        }
        return sessionId.equals(current.sessionId) ? Relation.SAME : Relation.CONFLICTING;
    }

    /**
     * A short one-way tag of the session (8 hex digits of its SHA-256): tells two sessions apart in
     * logs, events and status pages without revealing the session id, which is what makes a call
     * valid (issue 12: tokens must not be readable from outside the process).
     */
    public String fingerprint() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(sessionId.toString().getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java platform", e);
        }
    }

    /** Epoch and session fingerprint; never the session id itself. */
    @Override
    public String toString() {
        return "epoch " + epoch + " (session #" + fingerprint() + ")";
    }
}
