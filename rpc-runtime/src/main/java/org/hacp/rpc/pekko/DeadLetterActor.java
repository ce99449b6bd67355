package org.hacp.rpc.pekko;

import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.DeadLetter;
import org.hacp.rpc.RecipientUnreachableException;
import org.hacp.rpc.wire.HandshakeRequest;
import org.hacp.rpc.wire.HandshakeResponse;
import org.hacp.rpc.wire.RemoteInvocation;
import org.hacp.rpc.wire.RemoteResult;
import org.hacp.rpc.wire.WireError;

/**
 * Answers calls that reached an endpoint after it stopped (Pekko turns them into dead letters):
 * local callers' futures fail and remote callers get an {@code UNREACHABLE} error, so nobody
 * waits for a timeout on a recipient that is known to be gone.
 */
final class DeadLetterActor extends AbstractActor {
    private final PekkoRpcService service;

    DeadLetterActor(PekkoRpcService service) {
        this.service = service;
    }

    @Override
    public void preStart() {
        getContext().getSystem().getEventStream().subscribe(getSelf(), DeadLetter.class);
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder().match(DeadLetter.class, this::onDeadLetter).build();
    }

    private void onDeadLetter(DeadLetter dead) {
        Object message = dead.message();
        String recipient = dead.recipient().path().toString();
        if (message instanceof EndpointMessages.LocalInvocation invocation && invocation.call() != null) {
            invocation.call().fail(new RecipientUnreachableException("call " + invocation.method().displayName()
                    + " not delivered: no endpoint at " + recipient + " (it has terminated)"));
        } else if (message instanceof EndpointMessages.CallAsync call) {
            call.call().fail(new RecipientUnreachableException("callAsync not delivered: no endpoint at " + recipient));
        } else if (message instanceof RemoteInvocation invocation && invocation.expectsReply() && replyable(dead.sender())) {
            WireError error = WireError.of(WireError.KIND_UNREACHABLE, "no endpoint at " + recipient + " (it has terminated)");
            dead.sender().tell(new RemoteResult(invocation.callId(), false, service.codec().encodeError(error)), ActorRef.noSender());
        } else if (message instanceof HandshakeRequest && replyable(dead.sender())) {
            dead.sender().tell(new HandshakeResponse(false, "no endpoint at " + recipient), ActorRef.noSender());
        }
    }

    private boolean replyable(ActorRef sender) {
        return sender != null && !sender.equals(ActorRef.noSender()) && !sender.equals(getContext().getSystem().deadLetters());
    }
}
