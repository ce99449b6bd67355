package org.hacp.rpc.pekko;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.hacp.protocol.ProtocolRange;
import org.hacp.rpc.wire.HandshakeRequest;
import org.hacp.rpc.wire.HandshakeResponse;
import org.hacp.rpc.wire.RemoteInvocation;
import org.hacp.rpc.wire.RemoteResult;
import org.hacp.rpc.wire.WireMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 31, item 5: every wire frame of every protocol version this build speaks, as that version
 * wrote it (under {@code golden/wire/v<version>/}, hex), is decoded by the current code into the
 * message it was. Golden files are written once, when their version ships, and never regenerated:
 * a change that cannot read one fails here.
 */
class WireGoldenFilesTest {
    private static final String TOKEN = "{\"sessionId\":\"6f1c2a4e-8d3b-4c57-9e21-0a4b5c6d7e8f\",\"epoch\":7}";

    /** A golden frame: its file, its manifest and the message it holds. */
    record Golden(int version, String name, String manifest, WireMessage message) {
        @Override
        public String toString() {
            return "v" + version + "/" + name;
        }
    }

    static List<Golden> goldens() {
        return List.of(
                new Golden(
                        1,
                        "invocation",
                        "I",
                        new RemoteInvocation(
                                41,
                                "org.hacp.cluster.resourcemanager.ResourceManagerGateway#heartbeatFromTaskExecutor(java.lang.String)",
                                utf8(TOKEN),
                                utf8("[\"te-1\"]"),
                                true)),
                new Golden(1, "tell-unfenced", "I", new RemoteInvocation(42, "G#t()", null, utf8("[]"), false)),
                new Golden(1, "result-success", "R", new RemoteResult(41, true, utf8("\"ok\""))),
                new Golden(
                        1,
                        "result-failure",
                        "R",
                        new RemoteResult(43, false, utf8("{\"kind\":\"STALE\",\"message\":\"stale token\"}"))),
                new Golden(
                        1,
                        "handshake-request",
                        "H",
                        new HandshakeRequest(
                                new ProtocolRange(1, 1), "org.hacp.cluster.resourcemanager.ResourceManagerGateway")),
                new Golden(
                        1,
                        "handshake-accepted",
                        "h",
                        new HandshakeResponse(HandshakeResponse.Outcome.ACCEPTED, null, 1234567, 1)),
                new Golden(
                        1,
                        "handshake-refused",
                        "h",
                        new HandshakeResponse(
                                HandshakeResponse.Outcome.REFUSED, "no protocol version in common", 0, 0)),
                new Golden(
                        1,
                        "handshake-no-endpoint",
                        "h",
                        new HandshakeResponse(HandshakeResponse.Outcome.NO_ENDPOINT, null, 0, 0)));
    }

    private final WireSerializer serializer = new WireSerializer();

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void everyGoldenFrameDecodesIntoTheMessageItHolds(Golden golden) throws Exception {
        Object decoded = serializer.fromBinary(read(golden), golden.manifest());
        assertSameMessage(decoded, golden.message());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void thisBuildWritesTheVersionsItSpeaksByteForByte(Golden golden) throws Exception {
        if (golden.version() == ProtocolRange.CURRENT.max()) {
            assertThat(HexFormat.of().formatHex(serializer.toBinary(golden.message())))
                    .as("a change of %s's layout needs a new protocol version", golden)
                    .isEqualTo(HexFormat.of().formatHex(read(golden)));
        }
    }

    @Test
    void everyManifestOfEveryVersionSpokenHasAGoldenFrame() {
        for (int version = ProtocolRange.CURRENT.min(); version <= ProtocolRange.CURRENT.max(); version++) {
            int v = version;
            Set<String> manifests = goldens().stream()
                    .filter(g -> g.version() == v)
                    .map(Golden::manifest)
                    .collect(Collectors.toSet());
            assertThat(manifests).as("version %d", v).containsExactlyInAnyOrder("I", "R", "H", "h");
        }
    }

    private static void assertSameMessage(Object decoded, WireMessage expected) {
        if (expected instanceof RemoteInvocation e) {
            RemoteInvocation d = (RemoteInvocation) decoded;
            assertThat(d.callId()).isEqualTo(e.callId());
            assertThat(d.methodKey()).isEqualTo(e.methodKey());
            assertThat(d.fencingToken()).isEqualTo(e.fencingToken());
            assertThat(d.arguments()).isEqualTo(e.arguments());
            assertThat(d.expectsReply()).isEqualTo(e.expectsReply());
        } else if (expected instanceof RemoteResult e) {
            RemoteResult d = (RemoteResult) decoded;
            assertThat(d.callId()).isEqualTo(e.callId());
            assertThat(d.success()).isEqualTo(e.success());
            assertThat(d.payload()).isEqualTo(e.payload());
        } else {
            assertThat(decoded).isEqualTo(expected);
        }
    }

    private static byte[] read(Golden golden) throws IOException {
        String resource = "/golden/wire/v" + golden.version() + "/" + golden.name() + ".hex";
        try (InputStream in = WireGoldenFilesTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return HexFormat.of().parseHex(new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip());
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
