package org.hacp.leader;

/**
 * When this process suspected a crashed leader gone (its held connection to the leader ended, or a
 * first probe found the leader's port gone) and when its probes confirmed it, in
 * {@code System.nanoTime}: where a takeover it then makes begins (issues 15, 16).
 */
public record LeaderDetection(long suspectedNanos, long confirmedNanos) {}
