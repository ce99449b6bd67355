package org.hacp.rpc;

/**
 * Told of every call the gateways of one {@link RpcService} make, for metrics (issue 15). Called
 * on whichever thread ends the call (a reply, a timeout, a failure to send), so an implementation
 * must be thread-safe and quick; what it throws is logged and dropped.
 */
@FunctionalInterface
public interface RpcCallObserver {
    /** How a call ended, as its caller saw it. */
    enum Outcome {
        /** An ask answered with a value. */
        OK,
        /** An ask answered with a failure: the endpoint's own, or a refusal such as fencing's. */
        FAILED,
        /** An ask without an answer within its timeout. */
        TIMEOUT,
        /** An ask not sent, or whose endpoint went away: terminated, unreachable, service closed, oversized. */
        UNREACHABLE,
        /** A tell handed to the transport (no answer comes). */
        SENT,
        /** A tell that could not be sent (the same reasons as {@link #UNREACHABLE}). */
        NOT_SENT;

        /** Whether this is how a tell ended (else an ask). */
        public boolean ofTell() {
            return this == SENT || this == NOT_SENT;
        }
    }

    /** Observes nothing. */
    RpcCallObserver NONE = (gateway, method, outcome, nanos) -> {};

    /**
     * @param gateway the gateway interface's simple name
     * @param method the method's name
     * @param nanos from the call to its end; 0 for a tell
     */
    void called(String gateway, String method, Outcome outcome, long nanos);
}
