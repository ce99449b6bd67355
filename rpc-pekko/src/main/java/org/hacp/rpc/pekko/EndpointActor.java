package org.hacp.rpc.pekko;

import java.time.Duration;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.hacp.logging.RejectionLog;
import org.hacp.rpc.EndpointLifecycle;
import org.hacp.rpc.MainThreadValidator;
import org.hacp.rpc.RpcEndpoint;
import org.hacp.rpc.wire.HandshakeRequest;
import org.hacp.rpc.wire.MalformedInvocation;
import org.hacp.rpc.wire.RemoteInvocation;
import org.hacp.rpc.wire.WireError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main thread of one endpoint. Every message runs inside {@link MainThreadValidator}
 * enter/exit; nothing a message does can crash the actor (failures go to the caller or the log).
 * The endpoint's {@link EndpointLifecycle} lives here, confined to this actor; the actor adds only
 * what Pekko does: delaying scheduled work, answering handshakes and remote calls, and stopping
 * itself when the endpoint has terminated.
 */
final class EndpointActor extends AbstractActor implements EndpointLifecycle.Transport {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointActor.class);

    private final PekkoRpcServer server;
    private final RpcEndpoint endpoint;
    private final RejectionLog rejections = new RejectionLog(LOG, Duration.ofSeconds(10));
    private final MainThreadValidator mainThread;
    private final EndpointLifecycle lifecycle;
    /** Admits, decodes, runs and answers calls from other processes, on this actor's thread. */
    private final RemoteCalls remoteCalls;

    EndpointActor(PekkoRpcServer server) {
        this.server = server;
        this.endpoint = server.endpoint();
        this.mainThread = endpoint.getMainThreadValidator();
        this.lifecycle = new EndpointLifecycle(endpoint, server.getAddress(), this);
        this.remoteCalls = new RemoteCalls(server, lifecycle, rejections);
    }

    @Override
    public void postStop() {
        remoteCalls.abandonOpen();
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder().matchAny(this::dispatch).build();
    }

    @Override
    public void runOnMainThread(Runnable work) {
        getSelf().tell(new EndpointMessages.OnMainThread(work), ActorRef.noSender());
    }

    @Override
    public void terminated(Throwable failure) {
        server.recordTerminationFailure(failure);
        getContext().stop(getSelf());
    }

    private void dispatch(Object message) {
        ClassLoader pekkoLoader = ApplicationContextLoader.enter();
        mainThread.enter();
        try {
            handle(message);
        } catch (VirtualMachineError fatal) {
            throw fatal;
        } catch (Throwable t) {
            LOG.error(
                    "Endpoint '{}' failed handling {}; it keeps serving",
                    endpoint.getEndpointId(),
                    message.getClass().getSimpleName(),
                    t);
        } finally {
            mainThread.exit();
            ApplicationContextLoader.exit(pekkoLoader);
        }
    }

    private void handle(Object message) {
        if (message instanceof EndpointMessages.LocalInvocation invocation) {
            LocalCall call = invocation.call();
            lifecycle.invoke(
                    invocation.method(),
                    invocation.args(),
                    call == null ? null : call.future,
                    invocation.fencingToken());
        } else if (message instanceof RemoteInvocation invocation) {
            handleRemote(invocation, getSender());
        } else if (message instanceof EndpointMessages.RunAsync run) {
            handleRunAsync(run);
        } else if (message instanceof EndpointMessages.CallAsync call) {
            lifecycle.callAsync(call.callable(), call.call().future, call.token());
        } else if (message instanceof EndpointMessages.OnMainThread work) {
            work.runnable().run();
        } else if (message instanceof EndpointMessages.Control control) {
            if (control == EndpointMessages.Control.START) {
                lifecycle.start();
            } else {
                lifecycle.stop();
            }
        } else if (message instanceof HandshakeRequest handshake) {
            getSender().tell(server.handshake(handshake), getSelf());
        } else if (message instanceof MalformedInvocation malformed) {
            rejections.warn(
                    "malformed",
                    "Endpoint '" + endpoint.getEndpointId() + "' rejected a malformed frame: " + malformed.reason());
            remoteCalls.replyError(
                    getSender(),
                    malformed.callId(),
                    WireError.of(
                            WireError.KIND_UNDECODABLE,
                            "endpoint '" + endpoint.getEndpointId() + "' could not decode the call: "
                                    + malformed.reason()));
        } else {
            rejections.warn(
                    "unexpected",
                    "Endpoint '" + endpoint.getEndpointId() + "' ignored an unexpected message of type "
                            + message.getClass().getName());
        }
    }

    /** Scheduled work that arrived early (a timer fires on a coarse tick) waits for its deadline. */
    private void handleRunAsync(EndpointMessages.RunAsync run) {
        long early = run.deadlineNanos() - System.nanoTime();
        if (run.deadlineNanos() != 0 && early > 0 && lifecycle.state() != EndpointLifecycle.State.CREATED) {
            server.scheduleToSelf(run, Duration.ofNanos(early));
            return;
        }
        lifecycle.runAsync(run.runnable(), run.token());
    }

    private void handleRemote(RemoteInvocation invocation, ActorRef replyTo) {
        EndpointLifecycle.State state = lifecycle.state();
        if (state == EndpointLifecycle.State.RUNNING) {
            remoteCalls.handle(invocation, replyTo);
        } else if (invocation.expectsReply()) {
            if (state != EndpointLifecycle.State.CREATED) {
                server.answeredOnStop(replyTo);
            }
            String kind =
                    state == EndpointLifecycle.State.CREATED ? WireError.KIND_NOT_STARTED : WireError.KIND_UNREACHABLE;
            remoteCalls.replyError(
                    replyTo,
                    invocation.callId(),
                    WireError.of(kind, lifecycle.notRunning().getMessage()));
        }
    }
}
