package org.hacp.cluster.resourcemanager;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.hacp.cluster.resourcemanager.TakeoverPhases.Phase;
import org.junit.jupiter.api.Test;

/** Issue 15: a takeover's phases count from the first sign the previous leader was gone, each once, for its own epoch. */
class TakeoverPhasesTest {

    @Test
    void phasesCountFromTheEarliestSignAndBelongToTheirEpoch() {
        TakeoverPhases phases = new TakeoverPhases();
        long suspected = System.nanoTime() - Duration.ofMillis(300).toNanos();
        phases.leaderUnknown(); // a retrieval notice now, after the suspicion
        phases.detected(suspected, suspected + Duration.ofMillis(100).toNanos());
        phases.granted(7);
        phases.reached(7, Phase.PUBLISHED);
        phases.reached(6, Phase.FIRST_COMMAND_ACCEPTED); // an older leadership's: not this takeover's

        TakeoverPhases.Takeover last = phases.last().orElseThrow();
        assertThat(last.epoch()).isEqualTo(7);
        assertThat(last.phases().get(Phase.DETECTED)).isEqualTo(Duration.ofMillis(100));
        assertThat(last.phases().get(Phase.GRANTED)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(last.phases().get(Phase.PUBLISHED))
                .isGreaterThanOrEqualTo(last.phases().get(Phase.GRANTED));
        assertThat(last.phases()).doesNotContainKey(Phase.FIRST_COMMAND_ACCEPTED);
    }

    @Test
    void aTakeoverNobodyNoticedStartsAtItsGrant() {
        TakeoverPhases phases = new TakeoverPhases();
        phases.leaderUnknown();
        phases.leaderKnown(); // the notice was of a leader that came back: over
        phases.granted(3);

        TakeoverPhases.Takeover last = phases.last().orElseThrow();
        assertThat(last.phases().get(Phase.DETECTED)).isZero();
        assertThat(last.phases().get(Phase.GRANTED)).isLessThan(Duration.ofMillis(100));
    }
}
