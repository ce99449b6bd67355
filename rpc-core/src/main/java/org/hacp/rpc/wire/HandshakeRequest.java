package org.hacp.rpc.wire;

import org.hacp.protocol.ProtocolRange;

/**
 * Sent by {@code connect} before any call: the receiver picks the highest protocol version of
 * {@code protocols} it speaks too and checks that its endpoint implements the gateway named
 * {@code gateway}. The gateway is compared by name against the endpoint's own interfaces; no
 * class is loaded. Its frame layout is the same in every protocol version: it is how two
 * versions find each other.
 */
public record HandshakeRequest(ProtocolRange protocols, String gateway) implements WireMessage {
    public HandshakeRequest {
        if (protocols == null) {
            throw new IllegalArgumentException("handshake protocol range must not be null");
        }
    }
}
