package org.hacp.rpc.pekko;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.pekko.actor.ActorRef;
import org.hacp.logging.RejectionLog;
import org.hacp.rpc.CallGuard;
import org.hacp.rpc.EndpointLifecycle;
import org.hacp.rpc.wire.GatewayProxies;
import org.hacp.rpc.wire.RemoteInvocation;
import org.hacp.rpc.wire.RemoteResult;
import org.hacp.rpc.wire.RpcMethod;
import org.hacp.rpc.wire.WireDecodingException;
import org.hacp.rpc.wire.WireEncodingException;
import org.hacp.rpc.wire.WireError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The remote half of an endpoint's main thread: resolves the method of a call from another
 * process, admits it (fencing), decodes its arguments into the declared types, runs it and
 * answers. Every refusal is answered with an error naming what was wrong and logged (rate-limited);
 * the endpoint keeps serving. Runs on the endpoint actor's thread; only the replies to asks that
 * complete later are sent from the completing thread (sending is thread-safe).
 *
 * <p>Asks whose futures complete later are kept as open calls until answered; when the endpoint
 * stops, {@link #abandonOpen} answers each one UNREACHABLE. This is how a caller learns that the
 * endpoint is gone: remote death watch is off in untrusted mode (issue 12). Exactly one reply per
 * call: whoever removes the open call (the completing thread or the stop) answers it.
 */
final class RemoteCalls {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteCalls.class);

    private final PekkoRpcServer server;
    private final String endpointId;
    /** Admission and tell logging, shared with local calls; confined to the actor's thread. */
    private final EndpointLifecycle lifecycle;

    private final RejectionLog rejections;

    /** An ask answered later, named by who waits for it: call ids are chosen by each caller. */
    private record OpenCall(ActorRef replyTo, long callId) {}

    private final Set<OpenCall> open = ConcurrentHashMap.newKeySet();

    RemoteCalls(PekkoRpcServer server, EndpointLifecycle lifecycle, RejectionLog rejections) {
        this.server = server;
        this.endpointId = server.endpoint().getEndpointId();
        this.lifecycle = lifecycle;
        this.rejections = rejections;
    }

    /** Handles a call to a running endpoint. */
    void handle(RemoteInvocation invocation, ActorRef replyTo) {
        RpcMethod method = server.schema().forKey(invocation.methodKey()).orElse(null);
        if (method == null) {
            String message = "endpoint '" + endpointId + "' does not serve method " + invocation.methodKey();
            refuse(
                    invocation,
                    replyTo,
                    "unknown-method",
                    "Rejected call: " + message,
                    WireError.KIND_UNKNOWN_METHOD,
                    message);
            return;
        }
        if (!admitted(method, invocation, replyTo)) {
            return;
        }
        Object[] args;
        try {
            args = server.codec().decodeArguments(method, invocation.arguments());
        } catch (WireDecodingException e) {
            refuse(
                    invocation,
                    replyTo,
                    "undecodable",
                    "Endpoint '" + endpointId + "' rejected an undecodable call: " + e.getMessage(),
                    WireError.KIND_UNDECODABLE,
                    e.getMessage());
            return;
        }
        invokeAndReply(method, args, invocation, replyTo);
    }

    /** Whether the guard admits the call with the token it carries; a refusal is answered here. */
    private boolean admitted(RpcMethod method, RemoteInvocation invocation, ActorRef replyTo) {
        CallGuard guard = lifecycle.guard();
        if (guard == null) {
            return true;
        }
        Object token;
        try {
            token = invocation.fencingToken() == null ? null : guard.decodeCallToken(invocation.fencingToken());
        } catch (WireDecodingException e) {
            refuse(
                    invocation,
                    replyTo,
                    "undecodable-token",
                    "Endpoint '" + endpointId + "' rejected a call with an undecodable token: " + e.getMessage(),
                    WireError.KIND_UNDECODABLE,
                    e.getMessage());
            return false;
        }
        RuntimeException refused = lifecycle.admitCall(method, token);
        if (refused != null && invocation.expectsReply()) {
            replyError(replyTo, invocation.callId(), RemoteErrors.toWireError(refused));
        }
        return refused == null;
    }

    private void refuse(
            RemoteInvocation invocation,
            ActorRef replyTo,
            String logKey,
            String logMessage,
            String errorKind,
            String errorMessage) {
        rejections.warn(logKey, logMessage);
        if (invocation.expectsReply()) {
            replyError(replyTo, invocation.callId(), WireError.of(errorKind, errorMessage));
        }
    }

    private void invokeAndReply(RpcMethod method, Object[] args, RemoteInvocation invocation, ActorRef replyTo) {
        CompletableFuture<Object> outcome = method.invokeOn(server.endpoint(), endpointId, args);
        if (!invocation.expectsReply() || outcome.isDone()) {
            outcome.whenComplete((value, failure) -> answer(replyTo, invocation, method, value, failure));
            return;
        }
        OpenCall openCall = new OpenCall(replyTo, invocation.callId());
        open.add(openCall);
        outcome.whenComplete((value, failure) -> {
            if (open.remove(openCall)) { // else answered UNREACHABLE when the endpoint stopped
                answer(replyTo, invocation, method, value, failure);
            }
        });
    }

    private void answer(
            ActorRef replyTo, RemoteInvocation invocation, RpcMethod method, Object value, Throwable failure) {
        if (failure != null) {
            failed(replyTo, invocation, method, GatewayProxies.unwrap(failure));
        } else if (invocation.expectsReply()) {
            replyValue(replyTo, invocation.callId(), method, value);
        }
    }

    private void failed(ActorRef replyTo, RemoteInvocation invocation, RpcMethod method, Throwable failure) {
        if (invocation.expectsReply()) {
            replyError(replyTo, invocation.callId(), RemoteErrors.toWireError(failure));
        } else {
            lifecycle.logFailedTell(method, failure);
        }
    }

    /** Thread-safe: may run on whichever thread completes an endpoint's future. */
    private void replyValue(ActorRef replyTo, long callId, RpcMethod method, Object value) {
        byte[] bytes;
        try {
            bytes = server.codec().encodeResult(method, value);
        } catch (WireEncodingException e) {
            replyError(replyTo, callId, WireError.of(WireError.KIND_INTERNAL, e.getMessage()));
            return;
        }
        if (bytes.length > server.maxFrameSize()) {
            String message = "response of " + bytes.length + " bytes from " + method.displayName()
                    + " exceeds hacp.rpc.max-frame-size = " + server.maxFrameSize() + " bytes";
            LOG.warn("Endpoint '{}': {}", endpointId, message);
            replyError(replyTo, callId, WireError.of(WireError.KIND_FRAME_SIZE, message));
            return;
        }
        replyTo.tell(new RemoteResult(callId, true, bytes), server.actor());
    }

    /** Answers every call still open with UNREACHABLE: the endpoint has stopped and will not answer. */
    void abandonOpen() {
        for (OpenCall call : open) {
            if (open.remove(call)) {
                server.answeredOnStop(call.replyTo());
                replyError(
                        call.replyTo(),
                        call.callId(),
                        WireError.of(
                                WireError.KIND_UNREACHABLE, "endpoint '" + endpointId + "' stopped before answering"));
            }
        }
    }

    /** Thread-safe. */
    void replyError(ActorRef replyTo, long callId, WireError error) {
        // Sent as the endpoint: the caller accepts a reply only from the endpoint its call went to.
        replyTo.tell(new RemoteResult(callId, false, server.codec().encodeError(error)), server.actor());
    }
}
