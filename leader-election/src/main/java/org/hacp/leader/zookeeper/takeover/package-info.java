/**
 * Fast takeover of a crashed leader (issue 16): session cards in ZooKeeper, probes of the latch
 * head's RPC port, and ending a dead leader's session so the next in line wins long before the
 * session timeout. {@code FastTakeover} is started by the election driver; every other class here
 * is its part, except {@code ParticipantAddresses}, which TaskExecutors use to follow the cards.
 *
 * <p>Threads: {@code FastTakeover}, {@code SessionCards}, {@code SessionCloser} and {@code
 * PortProbe} run on the takeover thread ({@code hacp-leader-takeover-<id>}), which owns {@code
 * SessionCards.publishedSession} and the held probe connection; latch watches and connection-state
 * changes only wake it. {@code ParticipantAddresses} calls back on its cache's thread.
 */
package org.hacp.leader.zookeeper.takeover;
