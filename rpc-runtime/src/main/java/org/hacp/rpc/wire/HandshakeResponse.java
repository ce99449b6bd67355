package org.hacp.rpc.wire;

/**
 * The answer to a {@link HandshakeRequest}.
 *
 * @param accepted whether the connect may proceed
 * @param reason why not, naming both versions or the gateway, when refused
 */
public record HandshakeResponse(boolean accepted, String reason) implements WireMessage {}
