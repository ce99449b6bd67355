package org.hacp.rpc.wire;

/**
 * What {@code org.hacp.rpc.pekko.WireSerializer} delivers in place of an invocation frame it could read only the
 * start of, so the endpoint can tell the caller what was wrong instead of leaving it to time out.
 * Never sent; only produced on the receiving side.
 *
 * @param callId the call id, read before the damage
 * @param reason what could not be decoded
 */
public record MalformedInvocation(long callId, String reason) implements WireMessage {}
