package org.hacp.rpc;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * How a closing {@link RpcService} stops its endpoints, the same in every RPC system: all are
 * asked to stop at once, and every one whose {@code onStop} failed is reported, not only the first.
 */
public final class EndpointStops {
    private EndpointStops() {}

    /** Stops every server; completes (never exceptionally) with the failures of those that stopped badly. */
    public static CompletableFuture<List<Throwable>> stopAll(Collection<? extends RpcServer> servers) {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        List<CompletableFuture<?>> stopped = new ArrayList<>();
        for (RpcServer server : servers) {
            server.stop();
            stopped.add(server.getTerminationFuture().handle((ok, failure) -> {
                if (failure != null) {
                    failures.add(failure);
                }
                return null;
            }));
        }
        return CompletableFuture.allOf(stopped.toArray(new CompletableFuture<?>[0]))
                .thenApply(ok -> List.copyOf(failures));
    }

    /**
     * Null when {@code failures} is empty; else one exception for the service at {@code address}
     * that counts them, with the first as its cause and the others suppressed.
     */
    public static RpcException failedStops(String address, List<Throwable> failures) {
        if (failures.isEmpty()) {
            return null;
        }
        RpcException stoppedBadly = new RpcException(
                failures.size() + " endpoint(s) of RPC service " + address + " failed to stop cleanly",
                failures.get(0));
        failures.stream().skip(1).forEach(stoppedBadly::addSuppressed);
        return stoppedBadly;
    }
}
