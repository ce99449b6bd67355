package org.hacp.chaos.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.hacp.chaos.ChildClasspath;
import org.hacp.chaos.checker.Validity;
import org.hacp.chaos.cluster.ChaosCluster;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CI set of chaos scenarios against real processes: each must come out VALID on every
 * invariant. Reports land in {@code target/chaos/<scenario>/} (timeline.html, verdict.txt).
 */
class ChaosScenariosTest {

    static Stream<String> fastScenarios() {
        return Scenarios.all().stream().filter(Scenario::fast).map(Scenario::name);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fastScenarios")
    void scenarioKeepsEveryInvariant(String name) throws Exception {
        ScenarioRunner runner =
                new ScenarioRunner(ChildClasspath.get(), ChaosCluster.Options.defaults(), Duration.ofSeconds(60));
        Path dir = Path.of("target", "chaos", name);
        ScenarioRunner.Outcome outcome = runner.run(Scenarios.named(name), dir);
        assertThat(outcome.validity())
                .as(Files.readString(dir.resolve("verdict.txt")))
                .isEqualTo(Validity.VALID);
    }
}
