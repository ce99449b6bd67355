package org.hacp.rpc.pekko;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.pattern.Patterns;
import org.hacp.config.ConfigReader;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.TestGateways.EchoEndpoint;
import org.hacp.rpc.TestGateways.EchoGateway;
import org.hacp.rpc.TestRpcSystems;
import org.hacp.rpc.wire.RemoteResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 2: a process that can reach a caller's reply address cannot complete the caller's
 * asks: call ids are random (they counted up from 1), and a reply is taken only from the endpoint
 * the call went to, even with the right id.
 */
class ForgedReplyTest {
    private static final RpcConfig CONFIG = RpcConfig.from(ConfigReader.parse("hacp.rpc.ask-timeout = 60s"))
            .withShutdownFlushTimeout(TestRpcSystems.QUICK_CLOSE);

    private final List<PekkoRpcService> services = new ArrayList<>();

    private PekkoRpcService service() {
        PekkoRpcService s = PekkoRpcService.createRemote(CONFIG);
        services.add(s);
        return s;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (PekkoRpcService s : services) {
            s.closeAsync().get(30, TimeUnit.SECONDS);
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Long> pendingIds(PekkoRpcService client) throws Exception {
        Field calls = PendingCalls.class.getDeclaredField("calls");
        calls.setAccessible(true);
        return new ArrayList<>(((Map<Long, ?>) calls.get(client.pendingCalls())).keySet());
    }

    @Test
    void forgedRepliesNeitherGuessACallIdNorCountWithTheRightOne() throws Exception {
        PekkoRpcService server = service();
        PekkoRpcService client = service();
        PekkoRpcService outsider = service();
        EchoEndpoint endpoint = new EchoEndpoint(server, "echo");
        endpoint.start();
        EchoGateway gateway =
                client.connect(endpoint.getAddress(), EchoGateway.class).get(10, TimeUnit.SECONDS);
        CompletableFuture<String> pending = gateway.never(Duration.ofSeconds(60));
        List<Long> ids = pendingIds(client);
        assertThat(ids).hasSize(1);
        assertThat(ids.get(0)).as("not a counter").isGreaterThan(1_000_000L);

        String replyPath = client.replyActor()
                .path()
                .toStringWithAddress(client.actorSystem().provider().getDefaultAddress());
        ActorRef reply = outsider.actorAt(replyPath);
        byte[] forged = "\"forged\"".getBytes(StandardCharsets.UTF_8);
        for (long guess = 1; guess <= 2_000; guess++) {
            reply.tell(new RemoteResult(guess, true, forged), ActorRef.noSender());
        }
        reply.tell(new RemoteResult(ids.get(0), true, forged), ActorRef.noSender());

        // Messages from one sender arrive in order: once the reply actor answers this Identify, it has
        // processed every forgery before it.
        Patterns.ask(reply, new Identify("barrier"), Duration.ofSeconds(10))
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(gateway.echo("real").get(10, TimeUnit.SECONDS)).isEqualTo("real");
        assertThat(pending).isNotDone();
        assertThat(pendingIds(client)).containsExactly(ids.get(0));
        pending.cancel(true);
    }
}
