package org.hacp.rpc.pekko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.pattern.AskTimeoutException;
import org.apache.pekko.pattern.Patterns;
import org.hacp.config.ConfigReader;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcConnectionException;
import org.hacp.rpc.TestGateways.EchoEndpoint;
import org.hacp.rpc.TestGateways.EchoGateway;
import org.hacp.rpc.TestRpcSystems;
import org.hacp.rpc.wire.RemoteInvocation;
import org.hacp.testing.Closer;
import org.hacp.tls.ClusterCa;
import org.hacp.tls.TlsConfig;
import org.hacp.tls.TlsMaterialSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 1: RPC over mutual TLS. Members with certificates from the cluster's CA talk; a
 * peer without them — plain TCP, or a certificate from another CA — cannot finish a handshake and
 * delivers nothing; certificates rotate under load without a failed call.
 */
class MutualTlsTest {
    /** Outsiders give up after one short attempt: their failure is the point. */
    private static final RpcConfig OUTSIDER = RpcConfig.from(
                    ConfigReader.parse("hacp.rpc.connect { max-attempts = 1, attempt-timeout = 1s }"))
            .withShutdownFlushTimeout(TestRpcSystems.QUICK_CLOSE);

    @TempDir
    Path dir;

    private final Closer closer = new Closer();
    private ClusterCa ca;
    private EchoEndpoint endpoint;

    @BeforeEach
    void setUp() {
        ca = ClusterCa.openOrCreate(dir.resolve("cluster"), "test");
    }

    @AfterEach
    void tearDown() {
        closer.close();
    }

    private PekkoRpcService service(RpcConfig config) {
        PekkoRpcService service = PekkoRpcService.createRemote(config);
        closer.track(() -> service.closeAsync().get(30, TimeUnit.SECONDS));
        return service;
    }

    private PekkoRpcService member(String name) {
        return service(TestRpcSystems.config().withTls(ca.issue(name)));
    }

    private EchoEndpoint echoOn(PekkoRpcService server) {
        EchoEndpoint echo = new EchoEndpoint(server, "echo");
        echo.start();
        return echo;
    }

    /** A raw ask for echo("raw") straight to the endpoint's path, bypassing connect's handshake. */
    private static Object rawEcho(PekkoRpcService from, String address) throws Exception {
        RemoteInvocation call = new RemoteInvocation(
                77,
                EchoGateway.class.getName() + "#echo(java.lang.String)",
                null,
                "[\"raw\"]".getBytes(StandardCharsets.UTF_8),
                true);
        return Patterns.ask(from.actorAt(address), call, Duration.ofSeconds(3))
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    /**
     * The outsider neither connects nor gets an answer, and what it sent never ran: a tell sent
     * before a raw ask would have been handled long before that ask's 3 s timeout.
     */
    private void assertOutsiderGetsNothing(PekkoRpcService outsider) {
        assertThatThrownBy(() -> outsider.connect(endpoint.getAddress(), EchoGateway.class)
                        .get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RpcConnectionException.class);
        RemoteInvocation record = new RemoteInvocation(
                78,
                EchoGateway.class.getName() + "#record(java.lang.String)",
                null,
                "[\"intruder\"]".getBytes(StandardCharsets.UTF_8),
                false);
        outsider.actorAt(endpoint.getAddress()).tell(record, ActorRef.noSender());
        assertThatThrownBy(() -> rawEcho(outsider, endpoint.getAddress()))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(AskTimeoutException.class);
        assertThat(endpoint.count()).as("calls from the outsider that ran").isZero();
    }

    @Test
    void membersOfTheClusterTalkOverMutualTls() throws Exception {
        endpoint = echoOn(member("server"));
        EchoGateway gateway = member("client")
                .connect(endpoint.getAddress(), EchoGateway.class)
                .get(30, TimeUnit.SECONDS);
        assertThat(gateway.echo("over tls").get(10, TimeUnit.SECONDS)).isEqualTo("over tls");
    }

    @Test
    void aPeerWithoutTlsDeliversNothing() throws Exception {
        endpoint = echoOn(member("server"));
        assertOutsiderGetsNothing(service(OUTSIDER));
    }

    @Test
    void aPeerWithACertificateFromAnotherCaDeliversNothing() throws Exception {
        endpoint = echoOn(member("server"));
        ClusterCa other = ClusterCa.openOrCreate(dir.resolve("other"), "other");
        TlsConfig intruder = other.issue("intruder");
        // The intruder trusts the cluster's CA too (its certificate is no secret), so only the
        // server's demand for a client certificate from the cluster's CA can stop it.
        Path bundle = dir.resolve("both-cas.crt");
        Files.writeString(bundle, Files.readString(ca.caFile()) + Files.readString(other.caFile()));
        TlsMaterialSource.Pem pem = (TlsMaterialSource.Pem) intruder.material();
        TlsConfig trustsBoth = TlsConfig.pem(pem.certificate(), pem.key(), bundle);
        assertOutsiderGetsNothing(service(OUTSIDER.withTls(trustsBoth)));
    }

    @Test
    void aPeerWhoseSubjectDoesNotMatchIsRefused() throws Exception {
        endpoint = echoOn(member("server"));
        TlsConfig picky = ca.issue("picky").withPeerSubject(Pattern.compile("CN=jm-.*"));
        assertThatThrownBy(() -> service(OUTSIDER.withTls(picky))
                        .connect(endpoint.getAddress(), EchoGateway.class)
                        .get(30, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RpcConnectionException.class);
        TlsConfig matching = ca.issue("picky-2").withPeerSubject(Pattern.compile("CN=server,O=hacp"));
        EchoGateway gateway = service(TestRpcSystems.config().withTls(matching))
                .connect(endpoint.getAddress(), EchoGateway.class)
                .get(30, TimeUnit.SECONDS);
        assertThat(gateway.echo("named").get(10, TimeUnit.SECONDS)).isEqualTo("named");
    }

    @Test
    void certificatesRotateUnderLoadWithoutAFailedCall() throws Exception {
        TlsConfig serverTls = ca.issue("server").withReloadInterval(Duration.ofMillis(100));
        endpoint = echoOn(service(TestRpcSystems.config().withTls(serverTls)));
        EchoGateway gateway = member("client")
                .connect(endpoint.getAddress(), EchoGateway.class)
                .get(30, TimeUnit.SECONDS);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger completed = new AtomicInteger();
        List<CompletableFuture<Void>> load = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            load.add(CompletableFuture.runAsync(() -> {
                while (running.get()) {
                    assertThat(gateway.echo("x").join()).isEqualTo("x");
                    completed.incrementAndGet();
                }
            }));
        }
        for (int rotation = 1; rotation <= 3; rotation++) {
            // The server's files are replaced by a certificate with a new name; a new client that
            // accepts only that name connects, so new connections get the new certificate.
            String serverName = "server-r" + rotation;
            ca.issue("server", serverName);
            String name = "late-" + rotation;
            TlsConfig lateTls = ca.issue(name).withPeerSubject(Pattern.compile("CN=" + serverName + ",O=hacp"));
            EchoGateway fresh = service(TestRpcSystems.config().withTls(lateTls))
                    .connect(endpoint.getAddress(), EchoGateway.class)
                    .get(30, TimeUnit.SECONDS);
            assertThat(fresh.echo(name).get(10, TimeUnit.SECONDS)).isEqualTo(name);
        }
        int before = completed.get();
        running.set(false);
        CompletableFuture.allOf(load.toArray(new CompletableFuture<?>[0])).get(30, TimeUnit.SECONDS);
        assertThat(before).as("calls completed during the rotations").isPositive();
    }
}
