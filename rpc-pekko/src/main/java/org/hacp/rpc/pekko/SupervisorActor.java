package org.hacp.rpc.pekko;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.actor.AbstractActor;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.InvalidActorNameException;
import org.apache.pekko.actor.OneForOneStrategy;
import org.apache.pekko.actor.Props;
import org.apache.pekko.actor.SupervisorStrategy;
import org.apache.pekko.actor.Terminated;
import org.apache.pekko.japi.pf.DeciderBuilder;
import org.hacp.rpc.RpcException;

/**
 * Parent of every endpoint actor of one service. It creates them, never restarts them (an
 * endpoint's state must not be silently reset), and completes an endpoint's termination future
 * only after it has processed the child's {@code Terminated}, which is when Pekko frees the
 * name, so the id can be reused as soon as the future completes.
 */
final class SupervisorActor extends AbstractActor {

    /** Create an endpoint actor named {@code name}. */
    record CreateEndpoint(String name, PekkoRpcServer server, CompletableFuture<ActorRef> created) {}

    private final Map<ActorRef, PekkoRpcServer> children = new HashMap<>();

    @Override
    public SupervisorStrategy supervisorStrategy() {
        return new OneForOneStrategy(
                false, DeciderBuilder.matchAny(t -> SupervisorStrategy.stop()).build());
    }

    @Override
    public Receive createReceive() {
        return receiveBuilder()
                .match(CreateEndpoint.class, this::create)
                .match(Terminated.class, t -> {
                    PekkoRpcServer server = children.remove(t.getActor());
                    if (server != null) {
                        server.terminated();
                    }
                })
                .build();
    }

    private void create(CreateEndpoint request) {
        if (getContext().findChild(request.name()).isPresent()) {
            request.created()
                    .completeExceptionally(new RpcException("endpoint id '" + request.name()
                            + "' is in use on this RPC service (its endpoint has not terminated)"));
            return;
        }
        try {
            ActorRef child = getContext().actorOf(Props.create(EndpointActor.class, request.server()), request.name());
            getContext().watch(child);
            children.put(child, request.server());
            request.created().complete(child);
        } catch (InvalidActorNameException e) {
            request.created()
                    .completeExceptionally(new RpcException(
                            "endpoint id '" + request.name() + "' is not usable: " + e.getMessage(), e));
        }
    }
}
