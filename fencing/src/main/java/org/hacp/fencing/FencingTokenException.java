package org.hacp.fencing;

import java.util.HashMap;
import java.util.Map;
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
    /** Epochs only: a token's session id is what makes it valid, so it never leaves the process (issue 12). */
    private final long receivedEpoch;

    private final long currentEpoch;

    public FencingTokenException(String message, Reason reason, FencingToken received, FencingToken current) {
        this(message, reason, received == null ? -1 : received.epoch(), current == null ? -1 : current.epoch());
    }

    private FencingTokenException(String message, Reason reason, long receivedEpoch, long currentEpoch) {
        super(message);
        this.reason = reason;
        this.receivedEpoch = receivedEpoch;
        this.currentEpoch = currentEpoch;
    }

    public Reason getReason() {
        return reason;
    }

    public long getReceivedEpoch() {
        return receivedEpoch;
    }

    /** Epoch of the endpoint's token, or -1 when it held none. */
    public long getCurrentEpoch() {
        return currentEpoch;
    }

    @Override
    public WireError toWireError() {
        Map<String, String> details = new HashMap<>();
        details.put("reason", reason.name());
        details.put("receivedEpoch", Long.toString(receivedEpoch));
        details.put("currentEpoch", Long.toString(currentEpoch));
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
                context + ": " + error.message(), reason, epoch(d.get("receivedEpoch")), epoch(d.get("currentEpoch")));
    }

    private static long epoch(String text) {
        try {
            return text == null ? -1 : Math.max(-1, Long.parseLong(text));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
