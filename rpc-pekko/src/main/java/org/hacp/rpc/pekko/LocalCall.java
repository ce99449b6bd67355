package org.hacp.rpc.pekko;

import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.Cancellable;

/**
 * The caller's future of an in-process call together with its timeout timer, so whoever
 * completes the call first (the endpoint, the timer, or the dead-letter path) also cancels the
 * timer. Completing is idempotent.
 */
final class LocalCall {
    final CompletableFuture<Object> future;
    final String description;
    volatile Cancellable timeout;

    LocalCall(CompletableFuture<Object> future, String description) {
        this.future = future;
        this.description = description;
        // Whoever completes the future (the endpoint's lifecycle completes it directly) cancels the timer.
        future.whenComplete((value, failure) -> cancelTimeout());
    }

    void complete(Object value) {
        future.complete(value);
    }

    void fail(Throwable t) {
        future.completeExceptionally(t);
    }

    private void cancelTimeout() {
        Cancellable c = timeout;
        if (c != null) {
            c.cancel();
        }
    }
}
