package org.hacp.leader.zookeeper.takeover;

import java.time.Duration;

/**
 * The timing of {@link FastTakeover}'s own loop, apart from the operator's settings
 * ({@link FastTakeoverSettings}): fixed in production ({@link #defaults()}), shorter in tests that
 * would otherwise wait for a recheck (issue 29 item 4).
 *
 * @param recheck how often an idle standby or a leader looks at the latch again without a watch
 *     firing, and how long a held connection's read waits before it counts a timeout
 * @param connectTimeout a probe's connect slower than this says nothing (a host that is up refuses
 *     in well under 1 ms on a LAN)
 * @param settle how long an accepted probe must stay open to count as alive (a proxy resets within
 *     microseconds)
 * @param closeTimeout timeout of attaching to and closing a dead session
 * @param holdRechecks read timeouts while holding a connection before the latch head is re-read,
 *     in case a watch was missed
 */
public record TakeoverSchedule(
        Duration recheck, Duration connectTimeout, Duration settle, Duration closeTimeout, int holdRechecks) {

    public TakeoverSchedule {
        if (recheck.toMillis() < 1 || connectTimeout.toMillis() < 1 || settle.isNegative()) {
            throw new IllegalArgumentException(
                    "recheck and connect timeout must be at least 1 ms, settle not negative");
        }
        if (closeTimeout.toMillis() < 1 || holdRechecks < 1) {
            throw new IllegalArgumentException("close timeout must be at least 1 ms and hold rechecks at least 1");
        }
    }

    /** Production: recheck every second, 500 ms connects, 50 ms settle, 5 s closes, re-read after 10 s held. */
    public static TakeoverSchedule defaults() {
        return new TakeoverSchedule(
                Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofMillis(50), Duration.ofSeconds(5), 10);
    }
}
