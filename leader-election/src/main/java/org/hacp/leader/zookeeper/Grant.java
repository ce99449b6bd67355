package org.hacp.leader.zookeeper;

import org.hacp.fencing.FencingToken;

/**
 * One component's leadership session.
 *
 * @param token the fencing token minted for it
 * @param latchPath the latch node it was minted under
 * @param epochVersion the version of the epoch znode our mint wrote; later leader-only writes check it
 */
record Grant(FencingToken token, String latchPath, int epochVersion) {}
