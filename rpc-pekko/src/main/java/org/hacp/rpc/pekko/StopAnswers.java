package org.hacp.rpc.pekko;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Identify;
import org.apache.pekko.pattern.Patterns;

/**
 * The remote callers a closing service answered UNREACHABLE (open calls of stopping endpoints,
 * calls that arrived while they stopped or after), and the wait until those answers are out.
 * Without it, terminating the transport right after the endpoints stopped lost such answers in 1
 * of 8 fresh runs, and the callers waited for their ask timeout (issue 12). Thread-safe.
 */
final class StopAnswers {
    private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(1);

    private final Set<ActorRef> callers = ConcurrentHashMap.newKeySet();

    /** Remembers {@code caller} if it is in another process. */
    void add(ActorRef caller) {
        if (caller.path().address().hasGlobalScope()) {
            callers.add(caller);
        }
    }

    /**
     * Completes once every remembered caller has received its answers, or after 1 s: one Identify
     * round trip per caller, which travels behind those answers on the same connection.
     */
    CompletableFuture<Void> flush() {
        List<CompletableFuture<Object>> acks = new ArrayList<>();
        for (ActorRef caller : callers) {
            acks.add(Patterns.ask(caller, new Identify("flush"), FLUSH_TIMEOUT)
                    .toCompletableFuture()
                    .exceptionally(timedOut -> null));
        }
        return CompletableFuture.allOf(acks.toArray(new CompletableFuture<?>[0]));
    }
}
