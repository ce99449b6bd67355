package org.hacp.fencing;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.hacp.rpc.RpcException;
import org.hacp.rpc.wire.WireError;
import org.hacp.rpc.wire.WireErrorSource;

/**
 * A fenced endpoint refused a call because of its token. Names why, the received and the current
 * epoch, and crosses the wire as this type (not as a generic remote failure).
 */
public class FencingTokenException extends RpcException implements WireErrorSource {
    private static final long serialVersionUID = 1L;

    /** Wire kind of fencing rejections. */
    public static final String WIRE_KIND = "FENCING";

    /** Why the call was refused. */
    public enum Reason {
        /** The endpoint holds no token: it is not the leader. */
        NOT_LEADER,
        /** The call carries no token (its gateway was connected without one). */
        MISSING_TOKEN,
        /** The call's token is from an older epoch: a deposed leader. */
        STALE,
        /** The call's token is from a newer epoch than the endpoint knows. */
        NEWER,
        /** Same epoch, different session id: two leaders claimed one epoch. */
        CONFLICTING
    }

    private final Reason reason;
    private final transient FencingToken received;
    private final transient FencingToken current;

    public FencingTokenException(String message, Reason reason, FencingToken received, FencingToken current) {
        super(message);
        this.reason = reason;
        this.received = received;
        this.current = current;
    }

    public Reason getReason() {
        return reason;
    }

    /** The token the call carried, or null. */
    public FencingToken getReceivedToken() {
        return received;
    }

    /** The endpoint's token when it refused, or null (not leader). */
    public FencingToken getCurrentToken() {
        return current;
    }

    /** Epoch of the received token, or -1 when the call carried none. */
    public long getReceivedEpoch() {
        return received == null ? -1 : received.epoch();
    }

    /** Epoch of the endpoint's token, or -1 when it held none. */
    public long getCurrentEpoch() {
        return current == null ? -1 : current.epoch();
    }

    @Override
    public WireError toWireError() {
        Map<String, String> details = new HashMap<>();
        details.put("reason", reason.name());
        if (received != null) {
            details.put("receivedSession", received.sessionId().toString());
            details.put("receivedEpoch", Long.toString(received.epoch()));
        }
        if (current != null) {
            details.put("currentSession", current.sessionId().toString());
            details.put("currentEpoch", Long.toString(current.epoch()));
        }
        return new WireError(WIRE_KIND, FencingTokenException.class.getName(), getMessage(), "", details);
    }

    /** Rebuilds the exception from its wire form; unreadable details become a generic fencing failure. */
    static FencingTokenException fromWire(WireError error, String context) {
        Map<String, String> d = error.details();
        Reason reason;
        try {
            reason = Reason.valueOf(d.getOrDefault("reason", Reason.NOT_LEADER.name()));
        } catch (IllegalArgumentException e) {
            reason = Reason.NOT_LEADER;
        }
        return new FencingTokenException(
                context + ": " + error.message(),
                reason,
                token(d.get("receivedSession"), d.get("receivedEpoch")),
                token(d.get("currentSession"), d.get("currentEpoch")));
    }

    private static FencingToken token(String session, String epoch) {
        if (session == null || epoch == null) {
            return null;
        }
        try {
            return new FencingToken(UUID.fromString(session), Long.parseLong(epoch));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
