package org.hacp.leader.zookeeper;

import org.hacp.fuzz.BoundedFuzz;
import org.junit.jupiter.api.Test;

/** The seeded, bounded fuzz of the znode decoders (issue 13); {@code scripts/fuzz} runs it long. */
class ZnodeDecoderFuzzTest {
    @Test
    void everyZnodeDecoderReturnsAValueOrRefusesWithItsOwnNamedError() {
        BoundedFuzz.assertEveryDecoderReturnsOrRefusesByName(20_261_129L, 3_000, ZnodeDecoderFuzz.targets());
    }
}
