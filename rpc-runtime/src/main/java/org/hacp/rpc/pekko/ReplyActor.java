package org.hacp.rpc.pekko;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.Terminated;
import org.hacp.rpc.RecipientUnreachableException;
import org.hacp.rpc.RejectionLog;
import org.hacp.rpc.wire.RemoteResult;
import org.hacp.rpc.wire.RpcMethod;
import org.hacp.rpc.wire.WireDecodingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reply address of a service: every encoded ask names it as sender, so no temporary
 * actor is created per call. It decodes results into the method's declared type, and watches the
 * endpoints gateways are connected to, failing their pending calls the moment one is gone.
 */
final class ReplyActor extends AbstractActor {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyActor.class);

    /** Start death watch on a connected endpoint. */
    record Watch(TargetState target) {}

    private final PekkoRpcService service;
    private final Map<ActorRef, TargetState> watched = new HashMap<>();
    private final RejectionLog rejections = new RejectionLog(LOG, Duration.ofSeconds(10));

    ReplyActor(PekkoRpcService service) {
        this.service = service;
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .match(RemoteResult.class, this::onResult)
                .match(Watch.class, w -> {
                    if (watched.putIfAbsent(w.target().ref, w.target()) == null) {
                        getContext().watch(w.target().ref);
                    }
                })
                .match(Terminated.class, t -> {
                    TargetState target = watched.remove(t.getActor());
                    if (target != null) {
                        target.markTerminated();
                        LOG.info("Endpoint at {} terminated; failing its pending calls", target.address);
                        service.pendingCalls()
                                .failAll(
                                        target,
                                        () -> new RecipientUnreachableException(
                                                "endpoint at " + target.address + " terminated before answering"));
                    }
                })
                .build();
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
        } else {
            pending.call().fail(RemoteErrors.toException(service.codec().decodeError(result.payload()), context));
        }
    }
}
