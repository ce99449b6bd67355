package org.hacp.fencing;

/**
 * A fenced endpoint refused a call because of its token. Names why, the received and the current
 * epoch. Free of any RPC type (issue 29 item 5); the fencing module's {@code FencingErrorKind}
 * carries it across the wire as this type, not as a generic remote failure.
 */
public class FencingTokenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

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

    /** The rejection as a caller rebuilds it from the epochs it was told; -1 stands for no token. */
    public FencingTokenException(String message, Reason reason, long receivedEpoch, long currentEpoch) {
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
}
