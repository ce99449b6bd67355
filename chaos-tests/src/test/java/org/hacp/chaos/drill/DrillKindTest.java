package org.hacp.chaos.drill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a drill kind injects, for how long, and how it is judged (issue 30's long versions). */
class DrillKindTest {
    private static final Duration T = Duration.ofSeconds(6);

    @Test
    void aLongVersionInjectsItsShortVersionsFaultForTwiceTheSessionTimeout() {
        assertThat(DrillKind.ZK_SERVER_RESTART_LONG.fault()).isEqualTo(DrillKind.ZK_SERVER_RESTART);
        assertThat(DrillKind.ZK_QUORUM_LEADER_CHANGE_LONG.fault()).isEqualTo(DrillKind.ZK_QUORUM_LEADER_CHANGE);
        assertThat(DrillKind.ZK_SERVER_RESTART.defaultLength(T)).isEqualTo(Duration.ofSeconds(3));
        assertThat(DrillKind.ZK_SERVER_RESTART_LONG.defaultLength(T)).isEqualTo(Duration.ofSeconds(12));
        assertThat(DrillKind.ZK_QUORUM_LEADER_CHANGE_LONG.defaultLength(T)).isEqualTo(Duration.ofSeconds(12));
    }

    @Test
    void oneServerAwayForLongExpiresNoSessionSoTheLongVersionsAreJudgedAsBlips() {
        for (DrillKind kind :
                new DrillKind[] {DrillKind.ZK_SERVER_RESTART_LONG, DrillKind.ZK_QUORUM_LEADER_CHANGE_LONG}) {
            assertThat(kind.blip()).as(kind.cliName()).isTrue();
            assertThat(kind.lasting()).as(kind.cliName()).isTrue();
            assertThat(kind.leaderMustReconnect()).as(kind.cliName()).isTrue();
            assertThat(kind.movesLeadership()).as(kind.cliName()).isFalse();
        }
    }

    @Test
    void everyOtherKindInjectsItsOwnFault() {
        for (DrillKind kind : DrillKind.values()) {
            if (!kind.cliName().endsWith("-long")) {
                assertThat(kind.fault()).as(kind.cliName()).isEqualTo(kind);
            }
        }
    }

    @Test
    void anUnknownNameIsRefusedListingTheKnownOnes() {
        assertThat(DrillKind.parse("zk-server-restart-long")).isEqualTo(DrillKind.ZK_SERVER_RESTART_LONG);
        assertThatThrownBy(() -> DrillKind.parse("zk-blip-long"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown drill 'zk-blip-long'")
                .hasMessageContaining("zk-quorum-leader-change-long");
    }
}
