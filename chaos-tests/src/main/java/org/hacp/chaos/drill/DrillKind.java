package org.hacp.chaos.drill;

import java.time.Duration;
import java.util.Arrays;

/** The failover drills an operator can run. */
public enum DrillKind {
    HANDOVER("handover", true, true),
    KILL_LEADER("kill-leader", false, true),
    STOP_LEADER("stop-leader", false, true),
    PAUSE_LEADER("pause-leader", false, true),
    ISOLATE_LEADER_FROM_ZK("isolate-leader-from-zk", false, true),
    ISOLATE_LEADER_FROM_FOLLOWERS("isolate-leader-from-followers", false, false),
    ZK_QUORUM_LEADER_CHANGE("zk-quorum-leader-change", false, false),
    ZK_BLIP("zk-blip", false, false),
    ZK_SERVER_RESTART("zk-server-restart", false, false),
    TE_ZK_LOSS("te-zk-loss", false, false),
    ZK_SERVER_RESTART_LONG("zk-server-restart-long", false, false),
    ZK_QUORUM_LEADER_CHANGE_LONG("zk-quorum-leader-change-long", false, false);

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
                || blip();
    }

    /**
     * A ZooKeeper blip (issue 30): the leader's or a TaskExecutor's ZooKeeper connection lost for a
     * while, or the ensemble's own leader server (zk-quorum-leader-change: the ensemble elects another), RPC
     * untouched. It must cost nothing: no leader change, no task cancelled, no command waiting
     * longer than the fault.
     */
    public boolean blip() {
        DrillKind fault = fault();
        return fault == ZK_BLIP
                || fault == ZK_SERVER_RESTART
                || fault == TE_ZK_LOSS
                || fault == ZK_QUORUM_LEADER_CHANGE;
    }

    /**
     * The fault this drill injects: a long version injects its short version's fault for 2T. One
     * ZooKeeper server away for 2T expires no session (the leader reconnects to another), so the
     * long versions are still judged as blips. zk-blip's long version is {@link
     * #ISOLATE_LEADER_FROM_ZK} (a successor leads); te-zk-loss is 2T already (the TaskExecutor's
     * session is lost), and cutting it from its leader too is the chaos scenario te-zk-loss-long.
     */
    public DrillKind fault() {
        return switch (this) {
            case ZK_SERVER_RESTART_LONG -> ZK_SERVER_RESTART;
            case ZK_QUORUM_LEADER_CHANGE_LONG -> ZK_QUORUM_LEADER_CHANGE;
            default -> this;
        };
    }

    /**
     * A blip the leader rides out only if its own ZooKeeper client reconnects within T: its links reset
     * and healed, its server restarting, the ensemble electing a new leader (te-zk-loss leaves the
     * leader alone). ZooKeeper's client sleeps up to 1 s before each reconnect attempt and 1 s more
     * after trying every server, so these are judged at a T that leaves room for that ({@code
     * ChaosCluster.Options.BLIP_SESSION_TIMEOUT}, issue 30).
     */
    public boolean leaderMustReconnect() {
        DrillKind fault = fault();
        return fault == ZK_BLIP || fault == ZK_SERVER_RESTART || fault == ZK_QUORUM_LEADER_CHANGE;
    }

    /**
     * How long a lasting fault lasts unless the operator says: T/2 for the blips a session rides out
     * (the leader cut from ZooKeeper, its server restarting, the ensemble's leader server down: the
     * others elect a new one at once, however long it stays down), 2T otherwise (a TaskExecutor's
     * session lost, a partition, a pause, a long version).
     */
    public Duration defaultLength(Duration sessionTimeout) {
        return leaderMustReconnect() && fault() == this ? sessionTimeout.dividedBy(2) : sessionTimeout.multipliedBy(2);
    }

    public static DrillKind parse(String name) {
        return Arrays.stream(values())
                .filter(k -> k.cliName.equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown drill '" + name + "'; known: "
                        + Arrays.stream(values()).map(DrillKind::cliName).toList()));
    }
}
