package org.hacp.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.Assertions;
import org.assertj.core.api.ThrowableAssert;
import org.awaitility.Awaitility;
import org.hacp.config.ConfigReader;
import org.hacp.rpc.TestGateways.EchoEndpoint;
import org.hacp.rpc.TestGateways.EchoGateway;
import org.hacp.rpc.TestGateways.Fragile;
import org.hacp.rpc.TestGateways.Item;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The same calls, made in-process by reference, in-process through the wire format, over Artery,
 * and between two services of the in-memory RPC system (issue 18), which must behave as local
 * calls do.
 */
class RpcCallTest {

    enum Mode {
        LOCAL,
        LOCAL_FORCED_SERIALIZATION,
        REMOTE,
        IN_MEMORY;

        boolean byReference() {
            return this == LOCAL || this == IN_MEMORY;
        }
    }

    private RpcService server;
    private RpcService client;
    private EchoEndpoint endpoint;

    private EchoGateway gateway(Mode mode) throws Exception {
        RpcConfig config = TestRpcSystems.config().withForceSerialization(mode == Mode.LOCAL_FORCED_SERIALIZATION);
        if (mode == Mode.IN_MEMORY) {
            RpcSystem inMemory = RpcSystem.load(ConfigReader.parse("hacp.rpc.system = in-memory"));
            assertThat(inMemory.name()).isEqualTo("in-memory");
            server = inMemory.remoteService(config);
            client = inMemory.remoteService(config);
        } else if (mode == Mode.REMOTE) {
            server = TestRpcSystems.remote(config);
            client = TestRpcSystems.remote(config);
        } else {
            server = TestRpcSystems.local(config);
        }
        endpoint = new EchoEndpoint(server, "echo");
        endpoint.start();
        RpcService caller = client != null ? client : server;
        return caller.connect(endpoint.getAddress(), EchoGateway.class).get(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void tearDown() throws Exception {
        if (client != null) {
            client.closeAsync().get(30, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.closeAsync().get(30, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void valuesRoundTripInTheirDeclaredTypes(Mode mode) throws Exception {
        EchoGateway gateway = gateway(mode);
        Item apple = new Item("apple", 3, List.of("red", "fruit"));
        Item pear = new Item("pear", 1, List.of());

        assertThat(gateway.echo("hello").get(5, TimeUnit.SECONDS)).isEqualTo("hello");
        assertThat(gateway.add(40, 2).get(5, TimeUnit.SECONDS)).isEqualTo(42);
        assertThat(gateway.items(Map.of("pear", pear, "apple", apple)).get(5, TimeUnit.SECONDS))
                .containsExactly(apple, pear);
        assertThat(gateway.getAddress()).isEqualTo(endpoint.getAddress());
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void nullResultsArriveAsNull(Mode mode) throws Exception {
        EchoGateway gateway = gateway(mode);
        assertThat(gateway.nullResult().get(5, TimeUnit.SECONDS)).isNull();
        assertThat(gateway.echo(null).get(5, TimeUnit.SECONDS)).isNull();
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void synchronousThrowReachesTheCaller(Mode mode) throws Exception {
        EchoGateway gateway = gateway(mode);
        Throwable cause = causeOf(() -> gateway.failSync("sync boom").get(5, TimeUnit.SECONDS));
        assertFailure(mode, cause, IllegalArgumentException.class, "sync boom");
        assertThat(gateway.echo("still serving").get(5, TimeUnit.SECONDS)).isEqualTo("still serving");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void failedFutureReachesTheCaller(Mode mode) throws Exception {
        EchoGateway gateway = gateway(mode);
        Throwable cause = causeOf(() -> gateway.failAsync("async boom").get(5, TimeUnit.SECONDS));
        assertFailure(mode, cause, IllegalStateException.class, "async boom");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void blockingMethodsReturnValuesAndThrowFailures(Mode mode) throws Exception {
        EchoGateway gateway = gateway(mode);
        gateway.record("a");
        gateway.record("b");
        Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> gateway.count() == 2);

        Throwable thrown = Assertions.catchThrowable(() -> gateway.blockingFail("no way"));
        assertFailure(mode, thrown, UnsupportedOperationException.class, "no way");
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void rpcTimeoutParameterOverridesTheDefault(Mode mode) throws Exception {
        EchoGateway gateway = gateway(mode);
        long start = System.nanoTime();
        assertThatThrownBy(() -> gateway.never(Duration.ofMillis(200)).get(5, TimeUnit.SECONDS))
                .hasCauseInstanceOf(RpcTimeoutException.class)
                .hasMessageContaining("EchoGateway.never")
                .hasMessageContaining("200 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @EnumSource(Mode.class)
    void referencesPassLocallyButForcedSerializationEncodesThem(Mode mode) throws Exception {
        EchoGateway gateway = gateway(mode);
        if (mode.byReference()) {
            assertThat(gateway.fragile(new Fragile("boom")).get(5, TimeUnit.SECONDS))
                    .isEqualTo("got it");
        } else {
            assertThatThrownBy(() -> gateway.fragile(new Fragile("boom")).get(5, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(RpcException.class)
                    .hasMessageContaining("cannot encode arguments of EchoGateway.fragile");
        }
    }

    private static void assertFailure(Mode mode, Throwable cause, Class<? extends Throwable> type, String message) {
        if (mode.byReference()) {
            assertThat(cause).isInstanceOf(type).hasMessage(message);
        } else {
            assertThat(cause).isInstanceOf(RemoteRpcException.class).hasMessageContaining(message);
            RemoteRpcException remote = (RemoteRpcException) cause;
            assertThat(remote.getRemoteClassName()).isEqualTo(type.getName());
            assertThat(remote.getRemoteMessage()).isEqualTo(message);
            assertThat(remote.getRemoteStackTrace()).contains("EchoEndpoint");
        }
    }

    private static Throwable causeOf(ThrowableAssert.ThrowingCallable call) {
        Throwable t = Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(ExecutionException.class);
        return t.getCause();
    }
}
