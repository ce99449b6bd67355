package org.hacp.rpc.pekko;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hacp.protocol.ProtocolRange;
import org.hacp.rpc.HandshakeException;
import org.hacp.rpc.wire.HandshakeResponse;
import org.junit.jupiter.api.Test;

/** Issue 31: a caller speaks only a version of its own range, whatever an endpoint agreed to. */
class ConnectFailuresTest {
    @Test
    void anAcceptanceInAVersionTheCallerDoesNotSpeakIsRefusedNamingBoth() {
        int outside = ProtocolRange.CURRENT.max() + 1;
        assertThatThrownBy(() -> ConnectFailures.accepted(
                        new HandshakeResponse(HandshakeResponse.Outcome.ACCEPTED, null, 7, outside), null, "peer:1"))
                .isInstanceOf(HandshakeException.class)
                .hasMessageContaining("handshake with peer:1 failed")
                .hasMessageContaining("protocol version " + outside)
                .hasMessageContaining(ProtocolRange.CURRENT.toString());
    }
}
