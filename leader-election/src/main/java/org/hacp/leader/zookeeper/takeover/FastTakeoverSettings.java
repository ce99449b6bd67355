package org.hacp.leader.zookeeper.takeover;

import java.time.Duration;

/**
 * Settings of fast takeover ({@code hacp.ha.fast-takeover}; issue 16).
 *
 * @param enabled whether standbys end a crashed leader's session early
 * @param confirmProbes how many probes in a row must find the leader's port gone
 * @param probeInterval the pause between those probes
 */
public record FastTakeoverSettings(boolean enabled, int confirmProbes, Duration probeInterval) {

    public FastTakeoverSettings {
        if (confirmProbes < 1 || confirmProbes > 20) {
            throw new IllegalArgumentException("confirm-probes = " + confirmProbes + " is not allowed: 1..20");
        }
        if (probeInterval.isNegative() || probeInterval.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("probe-interval = " + probeInterval + " is not allowed: 0..10s");
        }
    }

    /** On, 3 probes 20 ms apart: a kill -9 is confirmed in about 40 ms (see the leader-election README). */
    public static FastTakeoverSettings defaults() {
        return new FastTakeoverSettings(true, 3, Duration.ofMillis(20));
    }

    public static FastTakeoverSettings disabled() {
        return new FastTakeoverSettings(false, 3, Duration.ofMillis(20));
    }
}
