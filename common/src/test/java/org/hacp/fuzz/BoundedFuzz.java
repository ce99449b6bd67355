package org.hacp.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

/** The bounded, seeded run each module's fuzz test makes inside {@code mvn test} (issue 13). */
public final class BoundedFuzz {
    private BoundedFuzz() {}

    /**
     * Runs {@code targets} on {@code inputsPerTarget} inputs from {@code seed}: no finding, and each
     * target both refused some inputs and accepted some, so mutations reach the refusal paths and
     * valid inputs get through.
     */
    public static void assertEveryDecoderReturnsOrRefusesByName(
            long seed, int inputsPerTarget, List<DecoderFuzz.Target> targets) {
        DecoderFuzz.Result result = new DecoderFuzz(seed, targets).run(inputsPerTarget);
        assertThat(result.findings()).as("findings (seed %d)", seed).isEmpty();
        assertThat(result.triedAndRefused()).hasSize(targets.size());
        result.triedAndRefused().forEach((target, counts) -> {
            assertThat(counts[0]).as(target + " inputs").isEqualTo(inputsPerTarget);
            assertThat(counts[1]).as(target + " refused").isBetween(1, inputsPerTarget - 1);
        });
    }
}
