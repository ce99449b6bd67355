package org.hacp.leader;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.hacp.fencing.FencingToken;

/** The election of one component in this process. */
public interface LeaderElection extends AutoCloseable {

    /** Joins the election for this component; grants and revokes go to {@code contender}. */
    void startLeaderElection(LeaderContender contender);

    /**
     * Publishes {@code address} with {@code token} as this component's leader information. Fails
     * with {@link LeadershipLostException} (and writes nothing) unless {@code token} is the
     * current leadership: the write is a ZooKeeper transaction that also checks the latch node.
     */
    CompletableFuture<Void> confirmLeadership(FencingToken token, String address);

    /**
     * Publishes each address of {@code addresses} (owned component id to address) as the leader of
     * a component this leadership runs (a job's JobMaster), with {@code token} and under the same
     * check as {@link #confirmLeadership}, many in one transaction (issue 32). Retrievers of an owned
     * component see it; a successor overwrites it, and it is removed when this leadership ends.
     */
    CompletableFuture<Void> publishOwned(Map<String, String> addresses, FencingToken token);

    /**
     * Whether {@code token} is this component's current leadership. Turns false as soon as the
     * latch is lost, before the revoke has been delivered.
     */
    boolean hasLeadership(FencingToken token);

    /**
     * A receiver refused {@code token} because it follows {@code successorEpoch}, a later leadership
     * of this component (issue 30: a leader riding out SUSPENDED learns of its successor before
     * its session is LOST). Revokes {@code token}'s leadership at once and rejoins the election if
     * it is still current and ZooKeeper cannot be asked now; while connected, ZooKeeper's latch
     * decides and the report is ignored. Completes with whether it revoked.
     */
    CompletableFuture<Boolean> successorSeen(FencingToken token, long successorEpoch);

    /** Leaves the election for this component; removes its leader information if it is ours. */
    @Override
    void close();
}
