package org.hacp.rpc.pekko;

import org.hacp.fuzz.BoundedFuzz;
import org.junit.jupiter.api.Test;

/** The seeded, bounded fuzz of the wire decoders (issue 13); {@code scripts/fuzz} runs it long. */
class WireDecoderFuzzTest {
    @Test
    void everyWireDecoderReturnsAValueOrRefusesWithItsOwnNamedError() {
        BoundedFuzz.assertEveryDecoderReturnsOrRefusesByName(20_261_129L, 3_000, WireDecoderFuzz.targets());
    }
}
