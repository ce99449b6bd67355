package org.hacp.leader.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The seeded, bounded fuzz run of every outside-facing decoder (issue 13); {@code scripts/fuzz} runs it long. */
class DecoderFuzzTest {
    private static final long SEED = 20_261_129L;
    private static final int INPUTS_PER_TARGET = 3_000;

    @Test
    void everyDecoderReturnsAValueOrRefusesWithItsOwnNamedError() {
        DecoderFuzz.Result result = new DecoderFuzz(SEED).run(INPUTS_PER_TARGET);
        assertThat(result.findings()).as("findings (seed %d)", SEED).isEmpty();
        assertThat(result.triedAndRefused()).hasSize(5);
        result.triedAndRefused().forEach((target, counts) -> {
            assertThat(counts[0]).as(target + " inputs").isEqualTo(INPUTS_PER_TARGET);
            // Mutations must reach the refusal paths, and valid inputs must get through.
            assertThat(counts[1]).as(target + " refused").isBetween(1, INPUTS_PER_TARGET - 1);
        });
    }
}
