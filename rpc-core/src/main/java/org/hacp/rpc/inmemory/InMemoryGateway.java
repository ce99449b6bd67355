package org.hacp.rpc.inmemory;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.hacp.rpc.RpcCallObserver;
import org.hacp.rpc.wire.GatewayProxies;
import org.hacp.rpc.wire.GatewaySchema;
import org.hacp.rpc.wire.RpcMethod;

/** Turns calls on an in-memory gateway proxy into work on the target endpoint's main thread, arguments by reference. */
record InMemoryGateway(
        InMemoryRpcService owner, InMemoryRpcServer target, GatewaySchema schema, Supplier<Object> callToken)
        implements InvocationHandler {

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        RpcMethod rpc = schema.forMethod(method);
        if (rpc == null) {
            return GatewayProxies.answerLocally(
                    proxy, method, args, target.getAddress(), target.getHostname(), callToken);
        }
        if (rpc.kind() == RpcMethod.Kind.TELL) {
            if (target.isTerminated() || owner.isClosed()) {
                owner.observeCall(rpc, RpcCallObserver.Outcome.NOT_SENT, 0);
                throw target.unreachable(rpc);
            }
            target.invoke(rpc, args, null, callToken.get());
            owner.observeCall(rpc, RpcCallObserver.Outcome.SENT, 0);
            return null;
        }
        Duration timeout = rpc.timeout(args, owner.config().askTimeout());
        CompletableFuture<Object> future = target.withTimeout(
                new CompletableFuture<>(),
                timeout,
                "call " + rpc.displayName() + " to " + target.getAddress() + " got no answer within "
                        + timeout.toMillis() + " ms");
        long start = System.nanoTime();
        future.whenComplete((value, failure) ->
                owner.observeCall(rpc, GatewayProxies.outcomeOf(failure), System.nanoTime() - start));
        if (target.isTerminated() || owner.isClosed()) {
            future.completeExceptionally(target.unreachable(rpc));
        } else {
            target.invoke(rpc, args, future, callToken.get());
        }
        return rpc.kind() == RpcMethod.Kind.ASK ? future : GatewayProxies.awaitBlocking(rpc, future);
    }
}
