package org.hacp.rpc.pekko;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.apache.pekko.actor.ActorRef;
import org.hacp.rpc.FrameSizeExceededException;
import org.hacp.rpc.RecipientUnreachableException;
import org.hacp.rpc.RpcCallObserver;
import org.hacp.rpc.RpcException;
import org.hacp.rpc.RpcTimeoutException;
import org.hacp.rpc.wire.GatewayProxies;
import org.hacp.rpc.wire.GatewaySchema;
import org.hacp.rpc.wire.RemoteInvocation;
import org.hacp.rpc.wire.RpcMethod;

/**
 * Turns calls on a gateway proxy into messages to the endpoint's actor. In-process targets get
 * their arguments by reference (unless {@code force-serialization}); everything else is encoded
 * on the caller's thread, so an oversized or unencodable request fails here, before sending.
 */
final class GatewayInvocationHandler implements InvocationHandler {
    private final PekkoRpcService service;
    private final TargetState target;
    private final boolean local;
    private final GatewaySchema schema;
    private final String address;
    private final String hostname;
    private final Supplier<Object> callToken;
    private final byte[] encodedCallToken;

    /**
     * @param callToken the token attached to each call, read per call (a self gateway follows its
     *     endpoint's current token); returns null for none
     * @param encodedCallToken the wire form of a token that never changes, or null to encode per call
     */
    GatewayInvocationHandler(
            PekkoRpcService service,
            TargetState target,
            boolean local,
            GatewaySchema schema,
            String address,
            String hostname,
            Supplier<Object> callToken,
            byte[] encodedCallToken) {
        this.service = service;
        this.target = target;
        this.local = local;
        this.schema = schema;
        this.address = address;
        this.hostname = hostname;
        this.callToken = callToken;
        this.encodedCallToken = encodedCallToken;
    }

    /** The same target with another token (encoded once); whether it belongs to {@code owner}. */
    GatewayInvocationHandler withCallToken(PekkoRpcService owner, Object token, byte[] encoded) {
        if (owner != service) {
            throw new IllegalArgumentException("the gateway to " + address + " belongs to another RPC service");
        }
        return new GatewayInvocationHandler(service, target, local, schema, address, hostname, () -> token, encoded);
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        RpcMethod rpc = schema.forMethod(method);
        if (rpc == null) {
            return GatewayProxies.answerLocally(proxy, method, args, address, hostname, callToken);
        }
        switch (rpc.kind()) {
            case TELL:
                try {
                    send(rpc, args, null, null);
                } catch (RpcException e) {
                    service.observeCall(rpc, RpcCallObserver.Outcome.NOT_SENT, 0);
                    throw e;
                }
                service.observeCall(rpc, RpcCallObserver.Outcome.SENT, 0);
                return null;
            case ASK: {
                CompletableFuture<Object> future = observed(rpc);
                send(rpc, args, future, rpc.timeout(args, service.config().askTimeout()));
                return future;
            }
            default: {
                CompletableFuture<Object> future = observed(rpc);
                send(rpc, args, future, rpc.timeout(args, service.config().askTimeout()));
                return GatewayProxies.awaitBlocking(rpc, future);
            }
        }
    }

    /** A call's future that tells the service's observer how and when it ended. */
    private CompletableFuture<Object> observed(RpcMethod rpc) {
        CompletableFuture<Object> future = new CompletableFuture<>();
        if (!service.observesCalls()) {
            return future; // no callback or clock read per call when nobody observes (the RPC benchmark)
        }
        long start = System.nanoTime();
        future.whenComplete((value, failure) ->
                service.observeCall(rpc, GatewayProxies.outcomeOf(failure), System.nanoTime() - start));
        return future;
    }

    private void send(RpcMethod rpc, Object[] args, CompletableFuture<Object> future, Duration timeout) {
        LocalCall call = future == null ? null : new LocalCall(future, rpc.displayName());
        if (target.isTerminated() || service.isClosed()) {
            unreachable(rpc, call);
            return;
        }
        if (local && !service.config().forceSerialization()) {
            if (call != null) {
                call.timeout = service.scheduleTimeout(timeout, () -> call.fail(timedOut(rpc, timeout)));
            }
            target.ref.tell(
                    new EndpointMessages.LocalInvocation(rpc, args, call, callToken.get()), ActorRef.noSender());
            return;
        }
        byte[] encoded;
        byte[] token;
        try {
            encoded = service.codec().encodeArguments(rpc, args);
            token = encodedCallToken != null ? encodedCallToken : service.encodeCallToken(callToken.get());
        } catch (RpcException e) {
            fail(call, e);
            return;
        }
        long callId = service.pendingCalls().nextCallId();
        RemoteInvocation invocation = new RemoteInvocation(callId, rpc.key(), token, encoded, call != null);
        long limit = service.config().maxFrameSize();
        if (invocation.size() > limit) {
            fail(
                    call,
                    new FrameSizeExceededException("request of " + invocation.size() + " bytes to " + rpc.displayName()
                            + " exceeds hacp.rpc.max-frame-size = " + limit + " bytes; nothing was sent"));
            return;
        }
        if (call == null) {
            target.ref.tell(invocation, ActorRef.noSender());
            return;
        }
        PendingCalls.PendingCall pending = new PendingCalls.PendingCall(callId, rpc, call, target);
        service.pendingCalls().register(pending);
        call.timeout = service.scheduleTimeout(timeout, () -> {
            if (service.pendingCalls().remove(callId) != null) {
                call.fail(timedOut(rpc, timeout));
            }
        });
        // Death watch may have fired between the check above and the registration.
        if (target.isTerminated() && service.pendingCalls().remove(callId) != null) {
            unreachable(rpc, call);
            return;
        }
        target.ref.tell(invocation, service.replyActor());
    }

    private RpcTimeoutException timedOut(RpcMethod rpc, Duration timeout) {
        return new RpcTimeoutException(
                "call " + rpc.displayName() + " to " + address + " got no answer within " + timeout.toMillis() + " ms");
    }

    private void unreachable(RpcMethod rpc, LocalCall call) {
        String reason = service.isClosed() ? "the local RPC service is shut down" : "the endpoint has terminated";
        fail(
                call,
                new RecipientUnreachableException(
                        "cannot call " + rpc.displayName() + " on " + address + ": " + reason));
    }

    private static void fail(LocalCall call, RuntimeException e) {
        if (call == null) {
            throw e;
        }
        call.fail(e);
    }
}
