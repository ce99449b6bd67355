package org.hacp.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hacp.config.ConfigReader;
import org.hacp.net.FreePorts;
import org.hacp.net.TcpForwarder;
import org.hacp.rpc.TestGateways.EchoEndpoint;
import org.hacp.rpc.TestGateways.EchoGateway;
import org.hacp.rpc.TestGateways.OtherGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RemoteConnectionTest {
    /** A long ask timeout, so that anything failing "fast" visibly did not wait for it. */
    private static final RpcConfig CONFIG = RpcConfig.from(
                    ConfigReader.parse(
                            "hacp.rpc { ask-timeout = 60s, connect { max-attempts = 2, attempt-timeout = 500ms, retry-delay = 50ms } }"))
            .withShutdownFlushTimeout(TestRpcSystems.QUICK_CLOSE);

    private RpcService server;
    private RpcService client;

    @BeforeEach
    void setUp() {
        server = TestRpcSystems.remote(CONFIG);
        client = TestRpcSystems.remote(CONFIG);
    }

    @AfterEach
    void tearDown() throws Exception {
        client.closeAsync().get(30, TimeUnit.SECONDS);
        server.closeAsync().get(30, TimeUnit.SECONDS);
    }

    private EchoEndpoint startEcho(String id) {
        EchoEndpoint endpoint = new EchoEndpoint(server, id);
        endpoint.start();
        return endpoint;
    }

    @Test
    void addressNamesTheAdvertisedHostPortAndResolves() throws Exception {
        EchoEndpoint endpoint = startEcho("resolvable");
        assertThat(server.getPort()).isPositive();
        assertThat(endpoint.getAddress())
                .isEqualTo("pekko://hacp@127.0.0.1:" + server.getPort() + "/user/rpc/resolvable");

        EchoGateway gateway =
                client.connect(endpoint.getAddress(), EchoGateway.class).get(10, TimeUnit.SECONDS);
        assertThat(gateway.getHostname()).isEqualTo("127.0.0.1");
        assertThat(gateway.echo("over the wire").get(10, TimeUnit.SECONDS)).isEqualTo("over the wire");
    }

    @Test
    void unknownEndpointPathFailsAfterBoundedRetries() {
        String address = "pekko://hacp@127.0.0.1:" + server.getPort() + "/user/rpc/nobody-here";
        assertThatThrownBy(() -> client.connect(address, EchoGateway.class).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RpcConnectionException.class)
                .hasMessageContaining("after 2 attempt(s)")
                .hasMessageContaining("nobody-here");
    }

    @Test
    void unreachableHostPortFailsAfterBoundedRetries() throws Exception {
        String address = "pekko://hacp@127.0.0.1:" + FreePorts.loopback() + "/user/rpc/echo";
        assertThatThrownBy(() -> client.connect(address, EchoGateway.class).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RpcConnectionException.class)
                .hasMessageContaining("could not connect to " + address);
    }

    @Test
    void malformedAddressFailsAtOnce() {
        assertThatThrownBy(() ->
                        client.connect("not an address", EchoGateway.class).get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RpcConnectionException.class)
                .hasMessageContaining("malformed RPC address 'not an address'");
    }

    /** Issue 29 item 3: addresses of the in-memory system pass the address check but are never dialled over Artery. */
    @Test
    void anInMemoryAddressIsRefusedAtOnce() {
        assertThatThrownBy(() -> client.connect("in-memory://hacp-1/echo", EchoGateway.class)
                        .get(1, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RpcConnectionException.class)
                .hasMessageContaining("malformed RPC address 'in-memory://hacp-1/echo'");
    }

    @Test
    void handshakeRefusesAGatewayTheEndpointDoesNotImplement() {
        EchoEndpoint endpoint = startEcho("only-echo");
        assertThatThrownBy(() -> client.connect(endpoint.getAddress(), OtherGateway.class)
                        .get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(HandshakeException.class)
                .hasMessageContaining("does not implement gateway " + OtherGateway.class.getName());
    }

    @Test
    void callToAStoppedRemoteEndpointFailsFast() throws Exception {
        EchoEndpoint endpoint = startEcho("will-stop");
        EchoGateway gateway =
                client.connect(endpoint.getAddress(), EchoGateway.class).get(10, TimeUnit.SECONDS);
        assertThat(gateway.echo("before").get(10, TimeUnit.SECONDS)).isEqualTo("before");
        CompletableFuture<String> pending = gateway.never(null);

        endpoint.closeAsync().get(10, TimeUnit.SECONDS);

        // Ask timeout is 60 s: a RecipientUnreachableException within 10 s proves nobody waited for it.
        assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RecipientUnreachableException.class);
        assertThatThrownBy(() -> gateway.echo("after").get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RecipientUnreachableException.class);
    }

    @Test
    void callToAShutDownRemoteServiceFailsFast() throws Exception {
        EchoEndpoint endpoint = startEcho("service-goes");
        EchoGateway gateway =
                client.connect(endpoint.getAddress(), EchoGateway.class).get(10, TimeUnit.SECONDS);
        CompletableFuture<String> pending = gateway.never(null);
        // Calls on one connection arrive in order: once echo is answered, the endpoint holds the
        // pending call. A call still in flight when the peer's process goes away is like one to a
        // crashed process and waits for its ask timeout (remote death watch is off, issue 12).
        assertThat(gateway.echo("after the pending call").get(10, TimeUnit.SECONDS))
                .isEqualTo("after the pending call");

        server.closeAsync().get(30, TimeUnit.SECONDS);

        assertThatThrownBy(() -> pending.get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RecipientUnreachableException.class);
        assertThatThrownBy(() -> gateway.echo("after").get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RecipientUnreachableException.class);
    }

    @Test
    void aCallToARemoteServiceThatShutDownWithNoCallOpenFailsFast() throws Exception {
        EchoEndpoint endpoint = startEcho("goes-quietly");
        EchoGateway gateway =
                client.connect(endpoint.getAddress(), EchoGateway.class).get(10, TimeUnit.SECONDS);
        assertThat(gateway.echo("before").get(10, TimeUnit.SECONDS)).isEqualTo("before");

        server.closeAsync().get(30, TimeUnit.SECONDS);

        // Nothing was open at the shutdown: the ask timeout is 60 s, so an answer within 10 s proves
        // the gateway learnt that the service is gone without waiting for it (issue 28).
        assertThatThrownBy(() -> gateway.echo("after").get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RecipientUnreachableException.class);
    }

    @Test
    void anEndpointIdReusedInTheSameServiceIsReachedByNewAndOldCallers() throws Exception {
        EchoEndpoint first = startEcho("reused");
        EchoGateway old = client.connect(first.getAddress(), EchoGateway.class).get(10, TimeUnit.SECONDS);
        assertThat(old.echo("first").get(10, TimeUnit.SECONDS)).isEqualTo("first");
        first.closeAsync().get(10, TimeUnit.SECONDS);

        EchoEndpoint second = startEcho("reused");
        assertThat(second.getAddress()).isEqualTo(first.getAddress());

        // The caller of the first incarnation connects again, and a service that never talked to it.
        EchoGateway again =
                client.connect(second.getAddress(), EchoGateway.class).get(10, TimeUnit.SECONDS);
        assertThat(again.echo("second").get(10, TimeUnit.SECONDS)).isEqualTo("second");
        RpcService stranger = TestRpcSystems.remote(CONFIG);
        try {
            EchoGateway fresh =
                    stranger.connect(second.getAddress(), EchoGateway.class).get(10, TimeUnit.SECONDS);
            assertThat(fresh.echo("stranger").get(10, TimeUnit.SECONDS)).isEqualTo("stranger");
        } finally {
            stranger.closeAsync().get(30, TimeUnit.SECONDS);
        }
        // A gateway to the first incarnation still reaches nothing: it does not slip onto the second.
        assertThatThrownBy(() -> old.echo("stale").get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RecipientUnreachableException.class);
    }

    @Test
    void callsFromAClosedServiceFailFast() throws Exception {
        EchoEndpoint endpoint = startEcho("caller-closes");
        EchoGateway gateway =
                client.connect(endpoint.getAddress(), EchoGateway.class).get(10, TimeUnit.SECONDS);
        client.closeAsync().get(30, TimeUnit.SECONDS);

        assertThatThrownBy(() -> gateway.echo("x").get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RecipientUnreachableException.class)
                .hasMessageContaining("local RPC service is shut down");
    }

    @Test
    void advertisedAddressDiffersFromBindAddressBehindAProxy() throws Exception {
        int bindPort = FreePorts.loopback();
        int advertisedPort = FreePorts.loopback();
        RpcConfig behindProxy = RpcConfig.from(ConfigReader.parse(
                        "hacp.rpc { bind-port = " + bindPort + ", advertised-port = " + advertisedPort + " }"))
                .withShutdownFlushTimeout(TestRpcSystems.QUICK_CLOSE);
        RpcService natted = TestRpcSystems.remote(behindProxy);
        try (TcpForwarder proxy = new TcpForwarder(advertisedPort, bindPort)) {
            EchoEndpoint endpoint = new EchoEndpoint(natted, "natted");
            endpoint.start();
            assertThat(natted.getPort()).isEqualTo(advertisedPort);
            assertThat(endpoint.getAddress()).contains(":" + advertisedPort + "/");

            EchoGateway gateway =
                    client.connect(endpoint.getAddress(), EchoGateway.class).get(10, TimeUnit.SECONDS);
            assertThat(gateway.echo("through the proxy").get(10, TimeUnit.SECONDS))
                    .isEqualTo("through the proxy");
            assertThat(proxy.connections.get()).isPositive();
        } finally {
            natted.closeAsync().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void timeoutOfARemoteAskNamesMethodTargetAndDuration() throws Exception {
        EchoEndpoint endpoint = startEcho("slow");
        EchoGateway gateway =
                client.connect(endpoint.getAddress(), EchoGateway.class).get(10, TimeUnit.SECONDS);
        assertThatThrownBy(() -> gateway.never(Duration.ofMillis(300)).get(10, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RpcTimeoutException.class)
                .hasMessageContaining("EchoGateway.never")
                .hasMessageContaining(endpoint.getAddress())
                .hasMessageContaining("300 ms");
    }
}
