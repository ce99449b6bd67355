package org.hacp.rpc.pekko;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.AddressFromURIString;
import org.apache.pekko.actor.Deploy;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.remote.RemoteScope;
import org.hacp.rpc.TestRpcSystems;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 2: no peer can create actors in an RPC service's actor system by remote
 * deployment (an outsider once created 40,000 in a JobManager).
 */
class RemoteDeploymentTest {
    static final AtomicInteger CREATED = new AtomicInteger();

    /** Counts its creations, wherever it is deployed. */
    public static final class Intruder extends AbstractActor {
        public Intruder() {
            CREATED.incrementAndGet();
        }

        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .matchAny(m -> getSender().tell(m, getSelf()))
                    .build();
        }
    }

    @Test
    void aPeerCannotDeployAnActorIntoTheService() throws Exception {
        PekkoRpcService victim = PekkoRpcService.createRemote(TestRpcSystems.config());
        PekkoRpcService outsider = PekkoRpcService.createRemote(TestRpcSystems.config());
        try {
            Address target = AddressFromURIString.parse("pekko://hacp@" + victim.getAddress() + ":" + victim.getPort());
            ActorRef deployed = outsider.actorSystem()
                    .actorOf(Props.create(Intruder.class).withDeploy(new Deploy(new RemoteScope(target))));
            Object answer;
            try {
                answer = Patterns.ask(deployed, "ping", Duration.ofSeconds(3))
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
            } catch (Exception refused) {
                answer = null;
            }
            assertThat(answer)
                    .as("the deployed actor answers only if it was created")
                    .isNull();
            assertThat(CREATED).hasValue(0);
        } finally {
            outsider.closeAsync().get(30, TimeUnit.SECONDS);
            victim.closeAsync().get(30, TimeUnit.SECONDS);
        }
    }
}
