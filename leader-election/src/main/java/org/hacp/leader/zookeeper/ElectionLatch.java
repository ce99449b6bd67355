package org.hacp.leader.zookeeper;

/**
 * What a component's election needs of the process's latch (issue 29 item 4: so {@link
 * ComponentElection} runs without ZooKeeper in tests). {@link LatchSession} is the one over Curator.
 */
interface ElectionLatch {
    /** Joins the election if this process is not in it yet. Event thread. */
    void join();

    /** The leadership this process holds, verified against its session, or null; any thread. */
    Leadership leadership();

    /** Whether the latch says this process leads now; any thread. */
    boolean isLeader();

    /** Whether {@code latchPath} is the node of the leadership this process holds now; any thread. */
    boolean leads(String latchPath);

    /**
     * Leaves and rejoins the latch if {@code latchPath} is still our leadership's node and ZooKeeper
     * cannot confirm it now (the connection is down): a receiver follows a later epoch, so a successor
     * won the latch while we were cut off. Returns whether it did. Event thread.
     */
    boolean yieldToSuccessor(String latchPath);
}
