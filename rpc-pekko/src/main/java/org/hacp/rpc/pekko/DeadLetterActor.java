package org.hacp.rpc.pekko;

import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.DeadLetter;
import org.apache.pekko.actor.Dropped;
import org.hacp.rpc.RecipientUnreachableException;
import org.hacp.rpc.RpcException;
import org.hacp.rpc.wire.HandshakeRequest;
import org.hacp.rpc.wire.HandshakeResponse;
import org.hacp.rpc.wire.RemoteInvocation;
import org.hacp.rpc.wire.RemoteResult;
import org.hacp.rpc.wire.WireError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers calls Pekko could not deliver, so nobody waits for a timeout on a message known to be
 * lost. Two cases, told apart by the recipient:
 *
 * <ul>
 *   <li>an endpoint of <em>this</em> service that has stopped: local callers' futures fail and
 *       remote callers get an {@code UNREACHABLE} error;
 *   <li>an endpoint of <em>another</em> service, dropped on this side before sending (Artery's
 *       send queue overflowed, or the association is quarantined): the caller's pending call
 *       fails here with the reason Pekko gave.
 * </ul>
 */
final class DeadLetterActor extends AbstractActor {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterActor.class);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final PekkoRpcService service;
    private long droppedTells;
    private long droppedReplies;
    private long lastReplyWarnNanos = System.nanoTime() - WARN_INTERVAL_NANOS;
    private long lastWarnNanos = System.nanoTime() - WARN_INTERVAL_NANOS;

    DeadLetterActor(PekkoRpcService service) {
        this.service = service;
    }

    @Override
    public void preStart() {
        getContext().getSystem().getEventStream().subscribe(getSelf(), DeadLetter.class);
        getContext().getSystem().getEventStream().subscribe(getSelf(), Dropped.class);
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .match(DeadLetter.class, d -> undelivered(d.message(), d.sender(), d.recipient(), null))
                .match(Dropped.class, d -> undelivered(d.message(), d.sender(), d.recipient(), d.reason()))
                .build();
    }

    private void undelivered(Object message, ActorRef sender, ActorRef recipient, String reason) {
        if (recipient.path().address().hasGlobalScope()) {
            droppedBeforeSending(message, recipient, reason);
            return;
        }
        String path = recipient.path().toString();
        if (message instanceof EndpointMessages.LocalInvocation invocation && invocation.call() != null) {
            invocation
                    .call()
                    .fail(new RecipientUnreachableException(
                            "call " + invocation.method().displayName() + " not delivered: no endpoint at " + path
                                    + " (it has terminated)"));
        } else if (message instanceof EndpointMessages.CallAsync call) {
            call.call().fail(new RecipientUnreachableException("callAsync not delivered: no endpoint at " + path));
        } else if (message instanceof RemoteInvocation invocation && invocation.expectsReply() && replyable(sender)) {
            WireError error =
                    WireError.of(WireError.KIND_UNREACHABLE, "no endpoint at " + path + " (it has terminated)");
            service.stopAnswers().add(sender);
            // Sent as the endpoint that is gone: a caller accepts replies only from the endpoint it called.
            sender.tell(
                    new RemoteResult(invocation.callId(), false, service.codec().encodeError(error)), recipient);
        } else if (message instanceof HandshakeRequest && replyable(sender)) {
            if (!reachedEarlierIncarnation(message, sender, recipient)) {
                // NO_ENDPOINT, not REFUSED: connect() retries (the endpoint may be starting) and then
                // reports RpcConnectionException, not a HandshakeException that would mean "wrong gateway".
                sender.tell(new HandshakeResponse(HandshakeResponse.Outcome.NO_ENDPOINT, null), ActorRef.noSender());
            }
        }
    }

    /**
     * Hands a handshake on to the endpoint now serving under the recipient's id, when the recipient
     * is an earlier incarnation of it. A handshake names the endpoint by path alone, and Artery
     * resolves inbound paths through a cache that still holds the stopped actor: without this, no
     * other process could connect to an id used again in the same service (issue 28). Calls after
     * the handshake name the incarnation that answered, so none of them reaches the wrong one.
     */
    private boolean reachedEarlierIncarnation(Object handshake, ActorRef sender, ActorRef recipient) {
        ActorRef current = service.endpointActor(recipient.path());
        if (current == null || current.equals(recipient)) {
            return false;
        }
        current.tell(handshake, sender);
        return true;
    }

    private void droppedBeforeSending(Object message, ActorRef recipient, String reason) {
        String why = reason != null
                ? reason
                : "the connection to " + recipient.path().address() + " is unusable";
        if (message instanceof RemoteResult) {
            // Nothing can reach the caller over the congested link: it will see its ask time out.
            droppedReplies++;
            long now = System.nanoTime();
            if (now - lastReplyWarnNanos >= WARN_INTERVAL_NANOS) {
                lastReplyWarnNanos = now;
                LOG.warn(
                        "Replies to {} dropped before sending ({} so far): {}; those callers will time out",
                        recipient.path().address(),
                        droppedReplies,
                        why);
            }
            return;
        }
        if (!(message instanceof RemoteInvocation invocation)) {
            return;
        }
        if (!invocation.expectsReply()) {
            droppedTells++;
            long now = System.nanoTime();
            if (now - lastWarnNanos >= WARN_INTERVAL_NANOS) {
                lastWarnNanos = now;
                LOG.warn(
                        "Tells to {} dropped before sending ({} so far): {}",
                        recipient.path().address(),
                        droppedTells,
                        why);
            }
            return;
        }
        PendingCalls.PendingCall pending = service.pendingCalls().remove(invocation.callId());
        if (pending != null) {
            pending.call()
                    .fail(new RpcException("call " + pending.method().displayName() + " to " + pending.target().address
                            + " was dropped before sending: " + why
                            + " (too many calls in flight? see hacp.rpc.outbound-queue-size)"));
        }
    }

    private boolean replyable(ActorRef sender) {
        return sender != null
                && !sender.equals(ActorRef.noSender())
                && !sender.equals(getContext().getSystem().deadLetters());
    }
}
