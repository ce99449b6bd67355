package org.hacp.rpc.pekko;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.hacp.logging.RejectionLog;
import org.hacp.rpc.CallGuard;
import org.hacp.rpc.EndpointNotStartedException;
import org.hacp.rpc.MainThreadValidator;
import org.hacp.rpc.RecipientUnreachableException;
import org.hacp.rpc.RpcEndpoint;
import org.hacp.rpc.wire.GatewayProxies;
import org.hacp.rpc.wire.HandshakeRequest;
import org.hacp.rpc.wire.MalformedInvocation;
import org.hacp.rpc.wire.RemoteInvocation;
import org.hacp.rpc.wire.RpcMethod;
import org.hacp.rpc.wire.WireError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main thread of one endpoint. Every message runs inside {@link MainThreadValidator}
 * enter/exit; nothing a message does can crash the actor (failures go to the caller or the log).
 */
final class EndpointActor extends AbstractActor {
    private static final Logger LOG = LoggerFactory.getLogger(EndpointActor.class);

    private enum State {
        CREATED,
        RUNNING,
        STOPPING
    }

    private final PekkoRpcServer server;
    private final RpcEndpoint endpoint;
    private final RejectionLog rejections = new RejectionLog(LOG, Duration.ofSeconds(10));
    private final MainThreadValidator mainThread;
    /** The endpoint's admission control, or null when it admits every call. */
    private final CallGuard guard;
    /** Admits, decodes, runs and answers calls from other processes, on this actor's thread. */
    private final RemoteCalls remoteCalls;

    private State state = State.CREATED;

    EndpointActor(PekkoRpcServer server) {
        this.server = server;
        this.endpoint = server.endpoint();
        this.mainThread = endpoint.getMainThreadValidator();
        this.guard = endpoint instanceof CallGuard g ? g : null;
        this.remoteCalls = new RemoteCalls(server, guard, rejections);
    }

    /** Null when {@code token}-carrying work may run; the guard's rejection otherwise. */
    private RuntimeException refusedWork(Object token) {
        return guard == null || token == null ? null : guard.admitMainThreadWork(token);
    }

    @Override
    public void postStop() {
        remoteCalls.abandonOpen();
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder().matchAny(this::dispatch).build();
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
            handleLocal(invocation);
        } else if (message instanceof RemoteInvocation invocation) {
            handleRemote(invocation, getSender());
        } else if (message instanceof EndpointMessages.RunAsync run) {
            handleRunAsync(run);
        } else if (message instanceof EndpointMessages.CallAsync call) {
            handleCallAsync(call);
        } else if (message instanceof EndpointMessages.Control control) {
            if (control == EndpointMessages.Control.START) {
                handleStart();
            } else {
                handleStop();
            }
        } else if (message instanceof EndpointMessages.StopCompleted done) {
            server.recordTerminationFailure(done.failure());
            getContext().stop(getSelf());
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

    // ---------------------------------------------------------------- lifecycle

    private void handleStart() {
        if (state != State.CREATED) {
            return;
        }
        state = State.RUNNING;
        try {
            endpoint.internalCallOnStart();
            LOG.debug("Endpoint '{}' started at {}", endpoint.getEndpointId(), server.getAddress());
        } catch (Throwable t) {
            LOG.error("Endpoint '{}' failed in onStart and terminates", endpoint.getEndpointId(), t);
            state = State.STOPPING;
            server.recordTerminationFailure(t);
            getContext().stop(getSelf());
        }
    }

    private void handleStop() {
        if (state == State.STOPPING) {
            return;
        }
        if (state == State.CREATED) {
            state = State.STOPPING;
            getContext().stop(getSelf());
            return;
        }
        state = State.STOPPING;
        CompletableFuture<Void> stopped = endpoint.internalCallOnStop();
        ActorRef self = getSelf();
        stopped.whenComplete((ok, failure) ->
                self.tell(new EndpointMessages.StopCompleted(GatewayProxies.unwrap(failure)), ActorRef.noSender()));
    }

    private RuntimeException notRunning() {
        if (state == State.CREATED) {
            return new EndpointNotStartedException(
                    "endpoint '" + endpoint.getEndpointId() + "' at " + server.getAddress() + " has not been started");
        }
        return new RecipientUnreachableException(
                "endpoint '" + endpoint.getEndpointId() + "' at " + server.getAddress() + " is stopping");
    }

    // ---------------------------------------------------------------- main-thread work

    private void handleRunAsync(EndpointMessages.RunAsync run) {
        if (state == State.CREATED) {
            LOG.debug("Endpoint '{}' dropped runAsync work: not started", endpoint.getEndpointId());
            return;
        }
        long early = run.deadlineNanos() - System.nanoTime();
        if (run.deadlineNanos() != 0 && early > 0) {
            server.scheduleToSelf(run, Duration.ofNanos(early));
            return;
        }
        if (refusedWork(run.token()) != null) {
            return; // scheduled under a token that is no longer current: it must not run under the new one
        }
        try {
            run.runnable().run();
        } catch (Throwable t) {
            LOG.error("Endpoint '{}': runAsync work failed", endpoint.getEndpointId(), t);
        }
    }

    private void handleCallAsync(EndpointMessages.CallAsync call) {
        if (state == State.CREATED) {
            call.call().fail(notRunning());
            return;
        }
        RuntimeException refused = refusedWork(call.token());
        if (refused != null) {
            call.call().fail(refused);
            return;
        }
        try {
            call.call().complete(call.callable().call());
        } catch (Throwable t) {
            call.call().fail(t);
        }
    }

    // ---------------------------------------------------------------- local RPCs

    private void handleLocal(EndpointMessages.LocalInvocation invocation) {
        LocalCall call = invocation.call();
        if (state != State.RUNNING) {
            if (call != null) {
                call.fail(notRunning());
            } else {
                LOG.debug(
                        "Endpoint '{}' dropped tell {}: not running",
                        endpoint.getEndpointId(),
                        invocation.method().displayName());
            }
            return;
        }
        RpcMethod method = invocation.method();
        if (guard != null) {
            RuntimeException refused = guard.admitCall(method, invocation.fencingToken());
            if (refused != null) {
                if (call != null) {
                    call.fail(refused);
                }
                return;
            }
        }
        CompletableFuture<Object> outcome = method.invokeOn(endpoint, endpoint.getEndpointId(), invocation.args());
        outcome.whenComplete((value, failure) -> {
            if (failure == null) {
                if (call != null) {
                    call.complete(value);
                }
            } else {
                failLocal(call, method, GatewayProxies.unwrap(failure));
            }
        });
    }

    private void failLocal(LocalCall call, RpcMethod method, Throwable failure) {
        if (call != null) {
            call.fail(failure);
        } else {
            LOG.warn("Endpoint '{}': tell {} failed", endpoint.getEndpointId(), method.displayName(), failure);
        }
    }

    // ---------------------------------------------------------------- remote RPCs

    private void handleRemote(RemoteInvocation invocation, ActorRef replyTo) {
        if (state == State.RUNNING) {
            remoteCalls.handle(invocation, replyTo);
        } else if (invocation.expectsReply()) {
            if (state == State.STOPPING) {
                server.answeredOnStop(replyTo);
            }
            String kind = state == State.CREATED ? WireError.KIND_NOT_STARTED : WireError.KIND_UNREACHABLE;
            remoteCalls.replyError(
                    replyTo,
                    invocation.callId(),
                    WireError.of(kind, notRunning().getMessage()));
        }
    }
}
