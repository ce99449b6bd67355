package org.hacp.rpc.wire;

/**
 * A call as it crosses the wire. Arguments are already encoded (so an oversized request fails on
 * the caller's thread, before anything is sent), and the receiver decodes them into the declared
 * parameter types of the method {@code methodKey} names.
 *
 * @param callId correlates the reply with the caller's pending future
 * @param methodKey {@link RpcMethod#key()} of the method to run
 * @param fencingToken encoded fencing token, or {@code null} for an unfenced call
 * @param arguments the arguments as a JSON array
 * @param expectsReply {@code false} for tells
 */
public record RemoteInvocation(
        long callId, String methodKey, byte[] fencingToken, byte[] arguments, boolean expectsReply)
        implements WireMessage {

    /** Encoded size, the figure compared with the frame-size limit. */
    public int size() {
        return 32 + methodKey.length() * 3 + (fencingToken == null ? 0 : fencingToken.length) + arguments.length;
    }
}
