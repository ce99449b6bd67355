package org.hacp.rpc.pekko;

import org.apache.pekko.actor.ActorPath;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.pattern.AskTimeoutException;
import org.hacp.protocol.ProtocolRange;
import org.hacp.rpc.HandshakeException;
import org.hacp.rpc.wire.HandshakeResponse;

/** What a handshake answer means for a connect attempt, and why an attempt failed, in words. */
final class ConnectFailures {
    private ConnectFailures() {}

    /**
     * The incarnation of {@code endpoint} that accepted the connect: its path with the unique id the
     * handshake named, so calls reach that actor and no other started later under the same id (issue
     * 28); otherwise the failure to retry or report.
     */
    static ActorPath accepted(HandshakeResponse response, ActorRef endpoint, String address) {
        switch (response.outcome()) {
            case ACCEPTED:
                if (!ProtocolRange.CURRENT.contains(response.protocolVersion())) {
                    throw new HandshakeException("handshake with " + address + " failed: the endpoint chose protocol"
                            + " version " + response.protocolVersion() + ", outside " + ProtocolRange.CURRENT
                            + " that this caller speaks");
                }
                return endpoint.path().withUid(response.incarnation());
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
