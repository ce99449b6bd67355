package org.hacp.rpc.pekko;

import java.util.concurrent.Callable;
import org.hacp.rpc.wire.RpcMethod;

/** Messages an endpoint actor receives from its own process; never serialized. */
final class EndpointMessages {
    private EndpointMessages() {}

    /** An RPC from a gateway in this process: arguments by reference, reply by completing {@code call}. */
    record LocalInvocation(RpcMethod method, Object[] args, LocalCall call, Object fencingToken) {}

    /** Main-thread work; runs no earlier than {@code deadlineNanos} (0 = at once), if the guard admits {@code token}. */
    record RunAsync(Runnable runnable, long deadlineNanos, Object token) {}

    /** Main-thread work with a result, if the guard admits {@code token}. */
    record CallAsync(Callable<?> callable, LocalCall call, Object token) {}

    /** Lifecycle commands. */
    enum Control {
        START,
        STOP
    }

    /** Work of the endpoint's lifecycle itself (such as "onStop has finished"); runs whatever the state. */
    record OnMainThread(Runnable runnable) {}
}
