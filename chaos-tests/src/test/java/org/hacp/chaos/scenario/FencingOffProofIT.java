package org.hacp.chaos.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.hacp.chaos.ChildClasspath;
import org.hacp.chaos.checker.Validity;
import org.hacp.chaos.cluster.ChaosCluster;
import org.junit.jupiter.api.Test;

/**
 * The proof that the chaos suite can fail: with fencing switched off and the deposed leader
 * ignoring its revoke (test-only switches), the zombie-leader scenario must be judged INVALID on
 * the receiver invariants (c) or (d). The same scenario with fencing on is VALID in
 * {@link ChaosScenariosIT}.
 */
class FencingOffProofIT {

    @Test
    void zombieLeaderWithoutFencingIsCaughtByTheChecker() throws Exception {
        ScenarioRunner runner = new ScenarioRunner(
                ChildClasspath.get(), ChaosCluster.Options.defaults().unsafe(), Duration.ofSeconds(10));
        Path dir = Path.of("target", "chaos", "proof-zombie-leader-unsafe");
        ScenarioRunner.Outcome outcome = runner.run(Scenarios.named("zombie-leader"), dir);
        String report = Files.readString(dir.resolve("verdict.txt"));
        assertThat(outcome.validity()).as(report).isEqualTo(Validity.INVALID);
        assertThat(Stream.of("c", "d").map(id -> outcome.verdict().result(id).validity()))
                .as(report)
                .contains(Validity.INVALID);
    }
}
