package org.hacp.rpc.pekko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.NotSerializableException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.hacp.protocol.ProtocolRange;
import org.hacp.rpc.wire.HandshakeRequest;
import org.hacp.rpc.wire.HandshakeResponse;
import org.hacp.rpc.wire.MalformedInvocation;
import org.hacp.rpc.wire.RemoteInvocation;
import org.hacp.rpc.wire.RemoteResult;
import org.junit.jupiter.api.Test;

class WireSerializerTest {
    private final WireSerializer serializer = new WireSerializer();

    private Object roundTrip(Object message) throws Exception {
        return serializer.fromBinary(serializer.toBinary(message), serializer.manifest(message));
    }

    @Test
    void envelopesRoundTrip() throws Exception {
        byte[] args = "[\"x\"]".getBytes(StandardCharsets.UTF_8);
        byte[] token = "{\"epoch\":3}".getBytes(StandardCharsets.UTF_8);
        RemoteInvocation invocation =
                (RemoteInvocation) roundTrip(new RemoteInvocation(42, "G#m(java.lang.String)", token, args, true));
        assertThat(invocation.callId()).isEqualTo(42);
        assertThat(invocation.methodKey()).isEqualTo("G#m(java.lang.String)");
        assertThat(invocation.fencingToken()).isEqualTo(token);
        assertThat(invocation.arguments()).isEqualTo(args);
        assertThat(invocation.expectsReply()).isTrue();

        RemoteInvocation tell = (RemoteInvocation)
                roundTrip(new RemoteInvocation(1, "G#t()", null, "[]".getBytes(StandardCharsets.UTF_8), false));
        assertThat(tell.fencingToken()).isNull();
        assertThat(tell.expectsReply()).isFalse();

        RemoteResult result =
                (RemoteResult) roundTrip(new RemoteResult(42, true, "\"ok\"".getBytes(StandardCharsets.UTF_8)));
        assertThat(result.callId()).isEqualTo(42);
        assertThat(new String(result.payload(), StandardCharsets.UTF_8)).isEqualTo("\"ok\"");

        assertThat(roundTrip(new HandshakeRequest(new ProtocolRange(1, 3), "a.B")))
                .isEqualTo(new HandshakeRequest(new ProtocolRange(1, 3), "a.B"));
        for (HandshakeResponse.Outcome outcome : HandshakeResponse.Outcome.values()) {
            assertThat(roundTrip(new HandshakeResponse(outcome, "why", -42, 2)))
                    .isEqualTo(new HandshakeResponse(outcome, "why", -42, 2));
        }
    }

    @Test
    void byteBufferAndArrayFormsAgree() throws Exception {
        RemoteInvocation invocation =
                new RemoteInvocation(5, "G#m()", null, "[]".getBytes(StandardCharsets.UTF_8), true);
        ByteBuffer buffer = ByteBuffer.allocate(256);
        serializer.toBinary(invocation, buffer);
        buffer.flip();
        byte[] viaBuffer = new byte[buffer.remaining()];
        buffer.get(viaBuffer);
        assertThat(viaBuffer).isEqualTo(serializer.toBinary(invocation));
    }

    @Test
    void invocationDamagedAfterItsCallIdBecomesMalformedInvocation() throws Exception {
        byte[] bytes = serializer.toBinary(
                new RemoteInvocation(77, "G#m()", null, "[]".getBytes(StandardCharsets.UTF_8), true));
        for (int cut = 10; cut < bytes.length; cut++) {
            Object decoded = serializer.fromBinary(Arrays.copyOf(bytes, cut), "I");
            assertThat(decoded).as("cut at %d", cut).isInstanceOf(MalformedInvocation.class);
            assertThat(((MalformedInvocation) decoded).callId()).isEqualTo(77);
        }
        byte[] lying = bytes.clone();
        ByteBuffer.wrap(lying).putInt(10, 1_000_000); // key length far beyond the frame
        assertThat(serializer.fromBinary(lying, "I")).isInstanceOf(MalformedInvocation.class);
    }

    @Test
    void unreadableFramesAreRefusedNotGuessed() {
        assertThatThrownBy(() -> serializer.fromBinary(new byte[] {1, 2}, "I"))
                .isInstanceOf(NotSerializableException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> serializer.fromBinary(new byte[] {9, 0, 0}, "R"))
                .isInstanceOf(NotSerializableException.class)
                .hasMessageContaining("wire frame of protocol version 9");
        assertThatThrownBy(() -> serializer.fromBinary(new byte[] {1}, "java.lang.Runtime"))
                .isInstanceOf(NotSerializableException.class)
                .hasMessageContaining("unknown wire manifest");
    }

    @Test
    void onlyWireMessagesCanBeSerialized() {
        assertThatThrownBy(() -> serializer.manifest("a string"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
        assertThatThrownBy(() -> serializer.manifest(new MalformedInvocation(1, "x")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
