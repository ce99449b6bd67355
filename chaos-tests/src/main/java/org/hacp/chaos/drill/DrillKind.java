package org.hacp.chaos.drill;

import java.util.Arrays;

/** The failover drills an operator can run. */
public enum DrillKind {
    HANDOVER("handover", true, true),
    KILL_LEADER("kill-leader", false, true),
    STOP_LEADER("stop-leader", false, true),
    PAUSE_LEADER("pause-leader", false, true),
    ISOLATE_LEADER_FROM_ZK("isolate-leader-from-zk", false, true),
    ISOLATE_LEADER_FROM_FOLLOWERS("isolate-leader-from-followers", false, false),
    ZK_SERVER_LOSS("zk-server-loss", false, false);

    private final String cliName;
    private final boolean planned;
    private final boolean movesLeadership;

    DrillKind(String cliName, boolean planned, boolean movesLeadership) {
        this.cliName = cliName;
        this.planned = planned;
        this.movesLeadership = movesLeadership;
    }

    public String cliName() {
        return cliName;
    }

    /** A planned handover: judged against the planned bound, not the crash bound. */
    public boolean planned() {
        return planned;
    }

    /** Whether the drill must end with a new leader (others may leave leadership where it was). */
    public boolean movesLeadership() {
        return movesLeadership;
    }

    /** A fault that lasts until the drill ends it (a pause, a partition, a lost server), not a one-off act. */
    public boolean lasting() {
        return this == PAUSE_LEADER
                || this == ISOLATE_LEADER_FROM_ZK
                || this == ISOLATE_LEADER_FROM_FOLLOWERS
                || this == ZK_SERVER_LOSS;
    }

    public static DrillKind parse(String name) {
        return Arrays.stream(values())
                .filter(k -> k.cliName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown drill '" + name + "'; known: "
                        + Arrays.stream(values()).map(DrillKind::cliName).toList()));
    }
}
