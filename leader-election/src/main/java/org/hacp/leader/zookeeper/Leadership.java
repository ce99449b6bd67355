package org.hacp.leader.zookeeper;

/**
 * One won latch, verified: our latch node, owned by our current ZooKeeper session.
 *
 * @param latchPath the full path of our latch node
 * @param zkSessionId the ZooKeeper session that owns it
 */
record Leadership(String latchPath, long zkSessionId) {}
