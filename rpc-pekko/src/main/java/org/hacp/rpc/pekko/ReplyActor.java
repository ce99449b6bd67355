package org.hacp.rpc.pekko;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.Address;
import org.apache.pekko.remote.artery.GracefulShutdownQuarantinedEvent;
import org.hacp.logging.RejectionLog;
import org.hacp.rpc.RecipientUnreachableException;
import org.hacp.rpc.wire.RemoteResult;
import org.hacp.rpc.wire.RpcMethod;
import org.hacp.rpc.wire.WireDecodingException;
import org.hacp.rpc.wire.WireError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one reply address of a service: every encoded ask names it as sender, so no temporary
 * actor is created per call. It decodes results into the method's declared type. It also knows
 * when connected endpoints are gone without remote death watch (off in untrusted mode, issue 12):
 * an UNREACHABLE answer from an endpoint marks it gone, and so does the graceful shutdown of its
 * actor system — a stopping service's last UNREACHABLE answers may not get out before its
 * transport does (1 fresh run in 8) — failing their pending calls at once. Other quarantines are
 * not taken as "gone": the address may already belong to a restarted process.
 */
final class ReplyActor extends AbstractActor {
    private static final Logger LOG = LoggerFactory.getLogger(ReplyActor.class);

    private final PekkoRpcService service;
    private final RejectionLog rejections = new RejectionLog(LOG, Duration.ofSeconds(10));

    ReplyActor(PekkoRpcService service) {
        this.service = service;
    }

    /** Remember a connected endpoint, to fail its calls when its actor system goes away. */
    record Track(TargetState target) {}

    /** Connected endpoints by their actor system's address; confined to this actor. */
    private final Map<Address, List<TargetState>> targets = new HashMap<>();

    @Override
    public void preStart() {
        getContext().getSystem().getEventStream().subscribe(getSelf(), GracefulShutdownQuarantinedEvent.class);
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .match(RemoteResult.class, this::onResult)
                .match(
                        Track.class,
                        t -> targets.computeIfAbsent(t.target().ref.path().address(), a -> new ArrayList<>())
                                .add(t.target()))
                .match(
                        GracefulShutdownQuarantinedEvent.class,
                        e -> systemGone(e.uniqueAddress().address(), "its actor system shut down"))
                .build();
    }

    private void systemGone(Address address, String why) {
        List<TargetState> gone = targets.remove(address);
        if (gone == null) {
            return;
        }
        LOG.info(
                "RPC service at {} is gone ({}); failing the pending calls to its {} endpoint(s)",
                address,
                why,
                gone.size());
        for (TargetState target : gone) {
            target.markTerminated();
            service.pendingCalls()
                    .failAll(
                            target,
                            () -> new RecipientUnreachableException(
                                    "endpoint at " + target.address + " is gone: " + why));
        }
    }

    private void onResult(RemoteResult result) {
        ClassLoader pekkoLoader = ApplicationContextLoader.enter();
        try {
            complete(result);
        } finally {
            ApplicationContextLoader.exit(pekkoLoader);
        }
    }

    /** Completes the caller's future, whose callbacks run here. */
    private void complete(RemoteResult result) {
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
