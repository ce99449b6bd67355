package org.hacp.rpc.pekko;

import java.time.Duration;
import org.apache.pekko.actor.AbstractActor;
import org.hacp.rpc.RecipientUnreachableException;
import org.hacp.rpc.RejectionLog;
import org.hacp.rpc.wire.RemoteResult;
import org.hacp.rpc.wire.RpcMethod;
import org.hacp.rpc.wire.WireDecodingException;
import org.hacp.rpc.wire.WireError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reply address of a service: every encoded ask names it as sender, so no temporary
 * actor is created per call. It decodes results into the method's declared type; an UNREACHABLE
 * answer from an endpoint marks it gone, failing its other pending calls at once.
 */
final class ReplyActor extends AbstractActor {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyActor.class);

    private final PekkoRpcService service;
    private final RejectionLog rejections = new RejectionLog(LOG, Duration.ofSeconds(10));

    ReplyActor(PekkoRpcService service) {
        this.service = service;
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder().match(RemoteResult.class, this::onResult).build();
    }

    private void onResult(RemoteResult result) {
        PendingCalls.PendingCall pending = service.pendingCalls().get(result.callId());
        if (pending == null) {
            LOG.debug("Late reply for call {} ignored (timed out or failed already)", result.callId());
            return;
        }
        if (!getSender().path().equals(pending.target().ref.path())) {
            // Only the endpoint the call went to may answer it; anyone else's reply is dropped and the call waits on.
            rejections.warn(
                    "foreign-reply",
                    "Dropped a reply to a call to " + pending.target().address + " sent by "
                            + getSender().path());
            return;
        }
        if (service.pendingCalls().remove(result.callId()) == null) {
            return; // timed out meanwhile
        }
        RpcMethod method = pending.method();
        String context = "call " + method.displayName() + " to " + pending.target().address;
        if (result.success()) {
            try {
                pending.call().complete(service.codec().decodeResult(method, result.payload()));
            } catch (WireDecodingException e) {
                pending.call().fail(e);
            }
            return;
        }
        WireError error = service.codec().decodeError(result.payload());
        pending.call().fail(RemoteErrors.toException(error, context));
        if (WireError.KIND_UNREACHABLE.equals(error.kind()) && !pending.target().isTerminated()) {
            // The endpoint itself says it is gone (stopped, or no longer there): its other calls fail
            // now and later ones fail fast, as remote death watch did before untrusted mode (issue 12).
            pending.target().markTerminated();
            LOG.info("Endpoint at {} is gone; failing its pending calls", pending.target().address);
            service.pendingCalls()
                    .failAll(
                            pending.target(),
                            () -> new RecipientUnreachableException(
                                    "endpoint at " + pending.target().address + " is gone: " + error.message()));
        }
    }
}
