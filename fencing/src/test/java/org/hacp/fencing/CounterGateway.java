package org.hacp.fencing;

import java.util.concurrent.CompletableFuture;

/** The fenced gateway the tests call. */
public interface CounterGateway extends FencedRpcGateway {
    CompletableFuture<Integer> increment();

    void add(int delta);

    CompletableFuture<Integer> value();

    @Unfenced
    CompletableFuture<String> status();

    /** Test hook: installs {@code next} as an RPC, so the change is ordered with the caller's other calls. */
    @Unfenced
    CompletableFuture<Void> rotateToken(FencingToken next);
}
