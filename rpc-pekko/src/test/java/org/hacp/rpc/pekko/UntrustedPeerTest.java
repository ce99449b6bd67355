package org.hacp.rpc.pekko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.actor.InternalActorRef;
import org.apache.pekko.actor.Kill;
import org.apache.pekko.actor.PoisonPill;
import org.apache.pekko.dispatch.sysmsg.Terminate;
import org.apache.pekko.pattern.AskTimeoutException;
import org.apache.pekko.pattern.Patterns;
import org.hacp.protocol.ProtocolRange;
import org.hacp.rpc.TestGateways.EchoEndpoint;
import org.hacp.rpc.TestGateways.EchoGateway;
import org.hacp.rpc.TestRpcSystems;
import org.hacp.rpc.wire.HandshakeRequest;
import org.hacp.rpc.wire.HandshakeResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 2: whatever the transport, a peer cannot stop an endpoint (PoisonPill, Kill, a
 * Terminate system message) nor list endpoints by actor selection. Before untrusted mode one
 * PoisonPill stopped the leader's ResourceManager while ZooKeeper kept naming it leader.
 */
class UntrustedPeerTest {
    private PekkoRpcService victim;
    private PekkoRpcService member;
    private PekkoRpcService outsider;
    private EchoEndpoint endpoint;
    private EchoGateway gateway;
    private ActorRef target;

    @BeforeEach
    void setUp() throws Exception {
        victim = PekkoRpcService.createRemote(TestRpcSystems.config());
        member = PekkoRpcService.createRemote(TestRpcSystems.config());
        outsider = PekkoRpcService.createRemote(TestRpcSystems.config());
        endpoint = new EchoEndpoint(victim, "echo");
        endpoint.start();
        gateway = member.connect(endpoint.getAddress(), EchoGateway.class).get(10, TimeUnit.SECONDS);
        target = outsider.actorAt(endpoint.getAddress());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (PekkoRpcService s : new PekkoRpcService[] {outsider, member, victim}) {
            s.closeAsync().get(30, TimeUnit.SECONDS);
        }
    }

    /** Messages from one sender to one actor arrive in order: once this is answered, all before it were handled. */
    private void barrier() throws Exception {
        Object answer = Patterns.ask(
                        target,
                        new HandshakeRequest(ProtocolRange.CURRENT, EchoGateway.class.getName()),
                        Duration.ofSeconds(10))
                .toCompletableFuture()
                .get(15, TimeUnit.SECONDS);
        assertThat(((HandshakeResponse) answer).outcome()).isEqualTo(HandshakeResponse.Outcome.ACCEPTED);
    }

    private void assertStillServing() throws Exception {
        assertThat(endpoint.getTerminationFuture()).isNotDone();
        assertThat(gateway.echo("still here").get(10, TimeUnit.SECONDS)).isEqualTo("still here");
    }

    @Test
    void poisonPillAndKillFromAPeerAreDropped() throws Exception {
        target.tell(PoisonPill.getInstance(), ActorRef.noSender());
        target.tell(Kill.getInstance(), ActorRef.noSender());
        barrier();
        assertStillServing();
    }

    @Test
    void aTerminateSystemMessageFromAPeerIsDropped() throws Exception {
        ((InternalActorRef) target).sendSystemMessage(new Terminate());
        // System messages travel on Artery's control stream, not in order with the barrier: the
        // endpoint must still be there after several round trips on both streams.
        for (int i = 0; i < 20; i++) {
            barrier();
        }
        assertStillServing();
    }

    @Test
    void actorSelectionFromAPeerFindsNothing() {
        String base = "pekko://hacp@" + victim.getAddress() + ":" + victim.getPort();
        // The three asks wait their timeout side by side: one 2 s wait, not three in a row.
        Map<String, CompletableFuture<Object>> asks = new LinkedHashMap<>();
        for (String path : new String[] {base + "/user/rpc/*", base + "/user/rpc/echo", base + "/user/*"}) {
            asks.put(
                    path,
                    Patterns.ask(outsider.actorSystem().actorSelection(path), new Identify(path), Duration.ofSeconds(2))
                            .toCompletableFuture());
        }
        asks.forEach((path, ask) -> assertThatThrownBy(() -> ask.get(10, TimeUnit.SECONDS))
                .as(path)
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(AskTimeoutException.class));
    }
}
