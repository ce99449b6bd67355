package org.hacp.rpc.wire;

/**
 * The answer to a {@link HandshakeRequest}.
 *
 * @param outcome whether the connect may proceed, and if not, whether to try again
 * @param reason why not, naming both versions or the gateway, when refused
 * @param incarnation on acceptance, which incarnation of the endpoint answered (its actor's unique
 *     id, never 0): the caller addresses its calls to that incarnation, so they neither reach a
 *     later endpoint started under the same id nor get lost to a receiver's cached resolution of
 *     an earlier one (issue 28); 0 otherwise
 * @param protocolVersion on acceptance, the protocol version both sides speak, the highest of the
 *     caller's range the endpoint speaks too (issue 31); 0 otherwise
 */
public record HandshakeResponse(Outcome outcome, String reason, int incarnation, int protocolVersion)
        implements WireMessage {

    /** What a handshake found. Its ordinal is its wire code, so only append. */
    public enum Outcome {
        /** The endpoint speaks the protocol and implements the gateway. */
        ACCEPTED,
        /** No protocol version in common, or the wrong gateway: retrying cannot help. */
        REFUSED,
        /**
         * No endpoint at the path (not started yet, or stopped): the service's dead-letter actor
         * answers, since remote actor selection — and with it "not found" — is off (issue 12).
         */
        NO_ENDPOINT;

        /** The outcome its wire code (its ordinal) names; throws for an unknown code. */
        public static Outcome ofCode(int code) {
            Outcome[] all = values();
            if (code < 0 || code >= all.length) {
                throw new IllegalArgumentException("unknown handshake outcome code " + code);
            }
            return all[code];
        }
    }

    public HandshakeResponse {
        if (outcome == null) {
            throw new IllegalArgumentException("handshake outcome must not be null");
        }
    }

    /** A refusal or a missing endpoint: no incarnation answered, no version agreed. */
    public HandshakeResponse(Outcome outcome, String reason) {
        this(outcome, reason, 0, 0);
    }

    public boolean accepted() {
        return outcome == Outcome.ACCEPTED;
    }
}
