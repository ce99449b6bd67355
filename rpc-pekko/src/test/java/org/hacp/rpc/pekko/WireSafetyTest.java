package org.hacp.rpc.pekko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.pattern.Patterns;
import org.hacp.config.ConfigReader;
import org.hacp.protocol.ProtocolRange;
import org.hacp.rpc.FrameSizeExceededException;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcGateway;
import org.hacp.rpc.TestGateways.EchoEndpoint;
import org.hacp.rpc.TestGateways.EchoGateway;
import org.hacp.rpc.TestRpcSystems;
import org.hacp.rpc.UnencodableGatewayException;
import org.hacp.rpc.UnencodableGatewaysAccess;
import org.hacp.rpc.wire.HandshakeRequest;
import org.hacp.rpc.wire.HandshakeResponse;
import org.hacp.rpc.wire.MalformedInvocation;
import org.hacp.rpc.wire.RemoteInvocation;
import org.hacp.rpc.wire.RemoteResult;
import org.hacp.rpc.wire.WireCodec;
import org.hacp.rpc.wire.WireError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad input on the wire: oversized frames, garbage payloads, unknown methods, unsafe gateways. */
class WireSafetyTest {
    private static final int FRAME = 64 * 1024;
    private static final RpcConfig CONFIG = RpcConfig.from(
                    ConfigReader.parse("hacp.rpc { max-frame-size = " + FRAME + "b, ask-timeout = 60s }"))
            .withShutdownFlushTimeout(TestRpcSystems.QUICK_CLOSE);

    private PekkoRpcService server;
    private PekkoRpcService client;
    private EchoEndpoint endpoint;
    private EchoGateway gateway;
    private ActorRef endpointActor;

    @BeforeEach
    void setUp() throws Exception {
        server = PekkoRpcService.createRemote(CONFIG);
        client = PekkoRpcService.createRemote(CONFIG);
        endpoint = new EchoEndpoint(server, "echo");
        endpoint.start();
        gateway = client.connect(endpoint.getAddress(), EchoGateway.class).get(10, TimeUnit.SECONDS);
        endpointActor = client.actorAt(endpoint.getAddress());
    }

    @AfterEach
    void tearDown() throws Exception {
        client.closeAsync().get(30, TimeUnit.SECONDS);
        server.closeAsync().get(30, TimeUnit.SECONDS);
    }

    /** Sends a raw envelope from the client's system and returns the decoded error of the reply. */
    private WireError rawCall(Object envelope) throws Exception {
        return rawCall(endpointActor, envelope);
    }

    private static WireError rawCall(ActorRef target, Object envelope) throws Exception {
        Object reply = rawReply(target, envelope);
        assertThat(reply).isInstanceOf(RemoteResult.class);
        RemoteResult result = (RemoteResult) reply;
        assertThat(result.success()).isFalse();
        return new WireCodec().decodeError(result.payload());
    }

    private Object rawReply(Object envelope) throws Exception {
        return rawReply(endpointActor, envelope);
    }

    private static Object rawReply(ActorRef target, Object envelope) throws Exception {
        return Patterns.ask(target, envelope, Duration.ofSeconds(10))
                .toCompletableFuture()
                .get(15, TimeUnit.SECONDS);
    }

    private void assertStillServing() throws Exception {
        assertThat(gateway.echo("still serving").get(10, TimeUnit.SECONDS)).isEqualTo("still serving");
    }

    @Test
    void oversizedRequestFailsThatCallOnlyNamingSizeAndLimit() throws Exception {
        long start = System.nanoTime();
        assertThatThrownBy(() -> gateway.length(new byte[FRAME * 2]).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(FrameSizeExceededException.class)
                .hasMessageContaining("EchoGateway.length")
                .hasMessageContaining("exceeds hacp.rpc.max-frame-size = " + FRAME + " bytes")
                .hasMessageMatching("(?s).*request of \\d+ bytes.*");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(gateway.length(new byte[FRAME / 4]).get(10, TimeUnit.SECONDS))
                .isEqualTo(FRAME / 4);
        assertStillServing();
    }

    @Test
    void oversizedResponseFailsThatCallOnlyNamingSizeAndLimit() throws Exception {
        assertThatThrownBy(() -> gateway.bytes(FRAME * 2).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(FrameSizeExceededException.class)
                .hasMessageContaining("response of")
                .hasMessageContaining("EchoGateway.bytes")
                .hasMessageContaining("exceeds hacp.rpc.max-frame-size = " + FRAME + " bytes");
        assertThat(gateway.bytes(100).get(10, TimeUnit.SECONDS)).hasSize(100);
        assertStillServing();
    }

    @Test
    void unknownMethodGetsAClearErrorAndTheEndpointKeepsServing() throws Exception {
        WireError error = rawCall(new RemoteInvocation(
                7, "org.example.Evil#launch()", null, "[]".getBytes(StandardCharsets.UTF_8), true));
        assertThat(error.kind()).isEqualTo(WireError.KIND_UNKNOWN_METHOD);
        assertThat(error.message()).contains("does not serve method org.example.Evil#launch()");
        assertStillServing();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "not json",
                "[1]",
                "[1, 2, 3]",
                "[\"a\", \"b\"]",
                "[null, 2]",
                "{\"@class\":\"java.lang.ProcessBuilder\"}",
                "[[\"java.net.URL\",\"http://x\"]]"
            })
    void undecodableArgumentsGetAClearErrorAndRunNothing(String payload) throws Exception {
        String echoKey = EchoGateway.class.getName() + "#add(int,int)";
        int before = endpoint.count();
        WireError error =
                rawCall(new RemoteInvocation(8, echoKey, null, payload.getBytes(StandardCharsets.UTF_8), true));
        assertThat(error.kind()).isEqualTo(WireError.KIND_UNDECODABLE);
        assertThat(error.message()).contains("EchoGateway.add");
        assertThat(endpoint.count()).isEqualTo(before);
        assertStillServing();
    }

    /**
     * Issue 31's rule for fields: within a protocol version a receiver refuses a field it does not
     * know (a writer that adds one needs a new version), naming it; the same value without it runs.
     */
    @Test
    void anArgumentWithAFieldTheReceiverDoesNotKnowIsRefusedNamingIt() throws Exception {
        String itemsKey = EchoGateway.class.getName() + "#items(java.util.Map)";
        String known = "{\"name\":\"a\",\"quantity\":1,\"tags\":[]";
        WireError error = rawCall(new RemoteInvocation(
                10,
                itemsKey,
                null,
                ("[{\"a\":" + known + ",\"colour\":\"red\"}}]").getBytes(StandardCharsets.UTF_8),
                true));
        assertThat(error.kind()).isEqualTo(WireError.KIND_UNDECODABLE);
        assertThat(error.message()).contains("EchoGateway.items").contains("\"colour\"");

        Object ran = rawReply(new RemoteInvocation(
                11, itemsKey, null, ("[{\"a\":" + known + "}}]").getBytes(StandardCharsets.UTF_8), true));
        assertThat(ran).isInstanceOf(RemoteResult.class);
        assertThat(((RemoteResult) ran).success()).isTrue();
        assertStillServing();
    }

    @Test
    void malformedFrameIsAnsweredNotDropped() throws Exception {
        // WireSerializer produces MalformedInvocation on the receiving side only; deliver it there.
        ActorRef local = server.actorAt(endpoint.getAddress());
        WireError error = rawCall(local, new MalformedInvocation(9, "length 99 does not fit"));
        assertThat(error.kind()).isEqualTo(WireError.KIND_UNDECODABLE);
        assertThat(error.message()).contains("length 99 does not fit");
        assertStillServing();
    }

    @Test
    void handshakeRefusesARangeWithNoVersionInCommonNamingBoth() throws Exception {
        HandshakeResponse response = handshake(new ProtocolRange(99, 120));
        assertThat(response.accepted()).isFalse();
        assertThat(response.protocolVersion()).isZero();
        assertThat(response.reason())
                .contains("no protocol version in common")
                .contains("caller speaks 99..120")
                .contains("speaks " + ProtocolRange.CURRENT);
        assertStillServing();
    }

    @Test
    void handshakeAgreesOnTheHighestVersionBothSpeak() throws Exception {
        // A newer caller that also speaks this build's versions: the endpoint picks its highest.
        HandshakeResponse response =
                handshake(new ProtocolRange(ProtocolRange.CURRENT.min(), ProtocolRange.CURRENT.max() + 5));
        assertThat(response.accepted()).isTrue();
        assertThat(response.protocolVersion()).isEqualTo(ProtocolRange.CURRENT.max());
    }

    private HandshakeResponse handshake(ProtocolRange protocols) throws Exception {
        Object reply = Patterns.ask(
                        endpointActor,
                        new HandshakeRequest(protocols, EchoGateway.class.getName()),
                        Duration.ofSeconds(5))
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(reply).isInstanceOf(HandshakeResponse.class);
        return (HandshakeResponse) reply;
    }

    @Test
    void unencodableGatewaysAreRefusedAtConnectNamingTheMethod() {
        assertRefused(UnencodableGatewaysAccess.objectParameter(), "ObjectParameter.take", "parameter 1");
        assertRefused(UnencodableGatewaysAccess.objectResult(), "ObjectResult.give", "result");
        assertRefused(UnencodableGatewaysAccess.rawList(), "RawList.size", "parameter 1 element");
        assertRefused(UnencodableGatewaysAccess.openInterface(), "OpenInterfaceParameter.draw", "is abstract");
        assertRefused(UnencodableGatewaysAccess.classTypeId(), "ClassTypeIdParameter.tagged", "Id.NAME");
        assertRefused(UnencodableGatewaysAccess.nestedObject(), "NestedObjectField.hold", "parameter 1.payload");
    }

    private void assertRefused(Class<? extends RpcGateway> gatewayType, String method, String detail) {
        assertThatThrownBy(
                        () -> client.connect(endpoint.getAddress(), gatewayType).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(UnencodableGatewayException.class)
                .hasMessageContaining(method)
                .hasMessageContaining(detail);
    }

    @Test
    void unencodableGatewayIsRefusedAtStartServer() {
        assertThatThrownBy(() -> UnencodableGatewaysAccess.serveObjectParameter(server))
                .isInstanceOf(UnencodableGatewayException.class)
                .hasMessageContaining("ObjectParameter.take")
                .hasMessageContaining("open-ended");
    }

    @Test
    void closedPolymorphismByLogicalNameIsAccepted() throws Exception {
        assertThat(UnencodableGatewaysAccess.closedShapeRoundTrip(server, client))
                .isEqualTo("Square");
    }
}
