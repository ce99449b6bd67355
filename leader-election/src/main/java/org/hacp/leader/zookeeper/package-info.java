/**
 * Elections and retrieval over Curator: one {@code LeaderLatch} per process, epochs, fenced
 * publishing.
 *
 * <p>Threading table of the election driver ({@link org.hacp.leader.zookeeper.ZooKeeperLeaderElectionDriver}).
 * The rule behind it: nothing that may wait on ZooKeeper runs on the event thread, so a revoke on
 * SUSPENDED is never queued behind a call stalled by a partition (the chaos suite caught that once
 * for publishing, issue 11 for the grant path).
 *
 * <table>
 * <caption>Which thread owns which state</caption>
 * <tr><th>thread</th><th>owns (writes)</th><th>runs</th></tr>
 * <tr><td>event ({@code hacp-leader-election-<id>})</td>
 *     <td>{@code LatchSession.latch/leadership/member}, {@code ComponentElection.state/grant/contender}</td>
 *     <td>latch callbacks, state changes, contenders' grant and revoke; never waits on ZooKeeper</td></tr>
 * <tr><td>io ({@code hacp-leader-io-<id>})</td>
 *     <td>{@code LeaderInformationPublisher} (all of it)</td>
 *     <td>ownership check of a granted latch node whose owner was not read ahead, publishing, restoring and removing leader
 *         information; results go back to the event thread</td></tr>
 * <tr><td>mint ({@code hacp-leader-mint-<id>-N}, a pool)</td><td>nothing</td>
 *     <td>epoch minting, the components of one latch win side by side; results go back to the event
 *         thread</td></tr>
 * <tr><td>watchdog ({@code hacp-leader-watchdog-<id>})</td>
 *     <td>{@code LatchWatchdog.missingNodeChecks}, {@code LatchSession.standing}</td>
 *     <td>the latch liveness check every 2 s, and {@code LatchSession.readOwnerAhead}: who owns our
 *     latch node while it waits in line (a win then needs no ownership read; the event thread reads
 *     {@code standing} at the win); a restart is handed to the event thread</td></tr>
 * <tr><td>takeover ({@code hacp-leader-takeover-<id>}, when fast takeover is on)</td>
 *     <td>{@code takeover.SessionCards.publishedSession}, {@code takeover.FastTakeover}'s held probe connection</td>
 *     <td>publishes our session card, probes the latch head's RPC port, deletes a dead leader's latch
 *         node and closes its session; latch watches and connection-state changes only wake it</td></tr>
 * <tr><td>retrieval ({@code hacp-leader-retrieval-<component>})</td>
 *     <td>{@code ZooKeeperLeaderRetrievalService} state</td>
 *     <td>listener callbacks of one retrieval, in order</td></tr>
 * <tr><td>any caller</td><td>nothing</td>
 *     <td>{@code hasLeadership}, {@code isLeader} (volatile reads); {@code writeAsLeader},
 *         {@code participants} and {@code PipelinedReads} (owned components' publication and removal
 *         on io, a state store's bulk read) wait on ZooKeeper on the caller's own thread; the answers
 *         of {@code PipelinedReads} arrive on ZooKeeper's event thread</td></tr>
 * </table>
 *
 * <p>From a latch win to a published token, one component of a JobManager (issue 29: the path
 * that makes a token safe). Step 3 is taken only when the watchdog had not read the latch node's
 * owner ahead; step 7 runs on the contender's RPC main thread, and step 8 starts only after it, so
 * the endpoint holds the token before anyone can find its address.
 *
 * <pre>
 *  watchdog          event                   mint                 main (endpoint)      io
 *  1 read owner of
 *    our latch node
 *    ahead (standing)
 *        .........>  2 Curator: isLeader()
 *                      owner read ahead?
 *                      no: ------------------------------------------------------> 3 checkExists
 *                      <------------------------------------------------------------ owner, session
 *                    4 owner == our session:
 *                      Leadership(path,owner),
 *                      watch own node,
 *                      CONTENDING -> MINTING
 *                      ----------------->  5 transaction: check
 *                                            latch node, setData
 *                                            epoch (version-checked)
 *                      <-----------------    = Grant(UUID, epoch)
 *                    6 still MINTING for this
 *                      leadership, latch ours:
 *                      -> LEADING,
 *                      contender.grantLeadership
 *                      -------------------------------------->  7 setFencingToken
 *                                                                 (calls with it run)
 *                                                                 ---------------> 8 transaction: check
 *                                                                                   latch node and epoch
 *                                                                                   version, set
 *                                                                                   connection_info
 *                                                                                 9 watch own info;
 *                                                                                   followers' retrieval
 *                                                                                   threads see it
 * </pre>
 *
 * <p>A latch loss at any step moves the election back to CONTENDING on the event thread at once; a
 * minted epoch that arrives for a leadership no longer current is dropped (step 6), and the
 * transactions of steps 5 and 8 fail in ZooKeeper itself if the latch node is gone.
 */
package org.hacp.leader.zookeeper;
