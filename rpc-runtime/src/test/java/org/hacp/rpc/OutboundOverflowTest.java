package org.hacp.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.hacp.config.ConfigReader;
import org.hacp.rpc.TestGateways.EchoEndpoint;
import org.hacp.rpc.TestGateways.EchoGateway;
import org.junit.jupiter.api.Test;

/**
 * Artery drops calls when the caller's send queue overflows; each such call must fail at once,
 * saying so. The server gets a large queue so that its replies are never dropped: a reply lost on
 * a congested link can only surface as the caller's ask timeout (the server logs it).
 */
class OutboundOverflowTest {

    @Test
    void callsDroppedBeforeSendingFailFastWithTheReason() throws Exception {
        RpcConfig config = RpcConfig.from(
                        ConfigReader.parse("hacp.rpc { ask-timeout = 120s, outbound-queue-size = 1024 }"))
                .withShutdownFlushTimeout(TestRpcSystems.QUICK_CLOSE);
        RpcService server = TestRpcSystems.remote(
                RpcConfig.from(ConfigReader.parse("hacp.rpc { ask-timeout = 120s, outbound-queue-size = 1048576 }"))
                        .withShutdownFlushTimeout(TestRpcSystems.QUICK_CLOSE));
        RpcService client = TestRpcSystems.remote(config);
        try {
            EchoEndpoint endpoint = new EchoEndpoint(server, "flooded");
            endpoint.start();
            EchoGateway gateway =
                    client.connect(endpoint.getAddress(), EchoGateway.class).get(10, TimeUnit.SECONDS);

            List<CompletableFuture<String>> calls = new ArrayList<>();
            for (int i = 0; i < 30_000; i++) {
                calls.add(gateway.echo("m" + i));
            }
            // Far below the 120 s ask timeout: nothing may be left waiting for it.
            CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0]))
                    .exceptionally(t -> null)
                    .get(60, TimeUnit.SECONDS);

            List<Throwable> failures = new ArrayList<>();
            int ok = 0;
            for (CompletableFuture<String> call : calls) {
                try {
                    call.join();
                    ok++;
                } catch (CompletionException e) {
                    failures.add(e.getCause());
                }
            }
            assertThat(failures).isNotEmpty();
            assertThat(ok).isPositive();
            assertThat(failures)
                    .allSatisfy(f -> assertThat(f)
                            .isInstanceOf(RpcException.class)
                            .hasMessageContaining("dropped before sending")
                            .hasMessageContaining("outbound-queue-size"));
            assertThat(gateway.echo("after the flood").get(10, TimeUnit.SECONDS))
                    .isEqualTo("after the flood");
        } finally {
            client.closeAsync().get(30, TimeUnit.SECONDS);
            server.closeAsync().get(30, TimeUnit.SECONDS);
        }
    }
}
