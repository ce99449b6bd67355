package org.hacp.fencing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.pattern.Patterns;
import org.hacp.rpc.TestRpcSystems;
import org.hacp.rpc.pekko.PekkoRpcService;
import org.hacp.rpc.wire.RemoteInvocation;
import org.hacp.rpc.wire.RemoteResult;
import org.hacp.rpc.wire.WireCodec;
import org.hacp.rpc.wire.WireError;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A token that cannot be decoded fails the call with a clear error and runs nothing. */
class GarbledTokenTest {
    private PekkoRpcService server;
    private PekkoRpcService client;
    private CounterEndpoint endpoint;
    private FencingToken token;

    @BeforeEach
    void setUp() throws Exception {
        server = PekkoRpcService.createRemote(TestRpcSystems.config());
        client = PekkoRpcService.createRemote(TestRpcSystems.config());
        endpoint = new CounterEndpoint(server, "counter");
        endpoint.start();
        token = FencingToken.mint(3);
        endpoint.become(token);
    }

    @AfterEach
    void tearDown() throws Exception {
        client.closeAsync().get(30, TimeUnit.SECONDS);
        server.closeAsync().get(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "garbage",
                "{}",
                "{\"sessionId\":\"not-a-uuid\",\"epoch\":3}",
                "{\"sessionId\":null,\"epoch\":3}",
                "{\"epoch\":3}",
                "{\"sessionId\":\"00000000-0000-0000-0000-000000000001\",\"epoch\":-4}",
                "null",
                "{\"@class\":\"java.lang.ProcessBuilder\"}"
            })
    void garbledTokenIsRejectedAsUndecodable(String garbled) throws Exception {
        ActorRef target = client.actorAt(endpoint.getAddress());
        String key = CounterGateway.class.getName() + "#increment()";
        RemoteInvocation invocation = new RemoteInvocation(
                1, key, garbled.getBytes(StandardCharsets.UTF_8), "[]".getBytes(StandardCharsets.UTF_8), true);

        Object reply = Patterns.ask(target, invocation, Duration.ofSeconds(10))
                .toCompletableFuture()
                .get(15, TimeUnit.SECONDS);

        assertThat(reply).isInstanceOf(RemoteResult.class);
        RemoteResult result = (RemoteResult) reply;
        assertThat(result.success()).isFalse();
        WireError error = new WireCodec().decodeError(result.payload());
        assertThat(error.kind()).isEqualTo(WireError.KIND_UNDECODABLE);
        assertThat(error.message()).contains("fencing token");
        assertThat(endpoint.executed).hasValue(0);
        CounterGateway leader = client.connect(endpoint.getAddress(), token, CounterGateway.class)
                .get(10, TimeUnit.SECONDS);
        assertThat(leader.increment().get(10, TimeUnit.SECONDS)).isEqualTo(1);
    }
}
