package org.hacp.rpc.wire;

/**
 * The reply to a {@link RemoteInvocation}: the encoded result in the method's declared return
 * type, or an encoded {@link WireError}.
 *
 * @param callId the invocation's call id
 * @param success whether {@code payload} is a result or an error
 * @param payload JSON of the result or of the {@link WireError}
 */
public record RemoteResult(long callId, boolean success, byte[] payload) implements WireMessage {}
