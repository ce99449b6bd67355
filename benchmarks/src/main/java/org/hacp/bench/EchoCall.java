package org.hacp.bench;

import java.util.concurrent.CompletableFuture;

/** One way of making an echo call; the harness drives baseline and RPC through the same loop. */
@FunctionalInterface
interface EchoCall {
    CompletableFuture<?> call(String payload);
}
