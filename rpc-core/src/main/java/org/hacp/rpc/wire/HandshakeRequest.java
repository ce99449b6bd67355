package org.hacp.rpc.wire;

/**
 * Sent by {@code connect} before any call: the receiver checks that it speaks
 * {@code protocolVersion} and that its endpoint implements the gateway named {@code gateway}.
 * The gateway is compared by name against the endpoint's own interfaces; no class is loaded.
 */
public record HandshakeRequest(int protocolVersion, String gateway) implements WireMessage {
    /** Version of the envelope and handshake this build speaks. */
    public static final int PROTOCOL_VERSION = 1;
}
