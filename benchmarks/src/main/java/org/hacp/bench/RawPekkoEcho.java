package org.hacp.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.pattern.Patterns;
import org.apache.pekko.util.Timeout;
import scala.concurrent.ExecutionContext;

/**
 * The floor to measure against: a bare Pekko echo actor and a bare {@code ask}, completed on the
 * replying thread (Scala's parasitic executor), not via the Java API's CompletionStage, which
 * would hop through {@code commonPool} and measure that instead.
 */
final class RawPekkoEcho {
    private RawPekkoEcho() {}

    /** Replies with the message it got. */
    static final class EchoActor extends AbstractActor {
        @Override
        public Receive createReceive() {
            return receiveBuilder()
                    .matchAny(m -> getSender().tell(m, getSelf()))
                    .build();
        }
    }

    static EchoCall asker(ActorRef target, Duration timeout) {
        Timeout t = Timeout.create(timeout);
        ExecutionContext parasitic = ExecutionContext.parasitic$.MODULE$;
        return payload -> {
            CompletableFuture<Object> result = new CompletableFuture<>();
            Patterns.ask(target, payload, t)
                    .onComplete(
                            attempt -> {
                                if (attempt.isSuccess()) {
                                    result.complete(attempt.get());
                                } else {
                                    result.completeExceptionally(
                                            attempt.failed().get());
                                }
                                return null;
                            },
                            parasitic);
            return result;
        };
    }
}
