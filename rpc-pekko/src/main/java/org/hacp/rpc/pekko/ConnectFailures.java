package org.hacp.rpc.pekko;

import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.pattern.AskTimeoutException;
import org.hacp.rpc.HandshakeException;
import org.hacp.rpc.wire.HandshakeResponse;

/** What a handshake answer means for a connect attempt, and why an attempt failed, in words. */
final class ConnectFailures {
    private ConnectFailures() {}

    /** {@code endpoint} when the handshake accepted the connect; otherwise the failure to retry or report. */
    static ActorRef accepted(HandshakeResponse response, ActorRef endpoint, String address) {
        switch (response.outcome()) {
            case ACCEPTED:
                return endpoint;
            case NO_ENDPOINT:
                throw new NoEndpoint();
            default:
                throw new HandshakeException("handshake with " + address + " failed: " + response.reason());
        }
    }

    /** The peer runs, but has no endpoint at the path (yet): worth another attempt. */
    static final class NoEndpoint extends RuntimeException {
        NoEndpoint() {
            super("no endpoint at that path", null, false, false);
        }
    }

    static String describe(Throwable t) {
        if (t instanceof NoEndpoint) {
            return "no endpoint at that path";
        }
        if (t instanceof AskTimeoutException) {
            return "no answer to the handshake";
        }
        return t.toString();
    }
}
