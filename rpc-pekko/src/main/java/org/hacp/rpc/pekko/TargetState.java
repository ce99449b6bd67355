package org.hacp.rpc.pekko;

import org.apache.pekko.actor.ActorRef;

/**
 * What the caller's side knows about one endpoint it has connected to: whether the endpoint has
 * answered that it is gone. Shared by every proxy to that actor, so all of them fail fast together.
 */
final class TargetState {
    final ActorRef ref;
    final String address;
    private volatile boolean terminated;

    TargetState(ActorRef ref, String address) {
        this.ref = ref;
        this.address = address;
    }

    boolean isTerminated() {
        return terminated;
    }

    void markTerminated() {
        terminated = true;
    }
}
