package org.hacp.leader;

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
     * Whether {@code token} is this component's current leadership. Turns false as soon as the
     * latch is lost, before the revoke has been delivered.
     */
    boolean hasLeadership(FencingToken token);

    /** Leaves the election for this component; removes its leader information if it is ours. */
    @Override
    void close();
}
