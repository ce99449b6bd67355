package org.hacp.chaos.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.hacp.chaos.ChildClasspath;
import org.hacp.chaos.browser.HeadlessChromium;
import org.hacp.chaos.checker.Validity;
import org.hacp.chaos.cluster.ChaosCluster;
import org.hacp.chaos.prometheus.PrometheusServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The CI set of chaos scenarios against real processes: each must come out VALID on every
 * invariant. Reports land in {@code target/chaos/<scenario>/} (timeline.html, verdict.txt). A real
 * Prometheus with the project's alert rules scrapes every process of every scenario (issue 15):
 * the two-claimants alert must never fire across the set.
 */
class ChaosScenariosIT {
    private static final Path PROMETHEUS = Path.of("target", "chaos", "prometheus");
    private static PrometheusServer prometheus;

    static Stream<String> fastScenarios() {
        return Scenarios.all().stream().filter(Scenario::fast).map(Scenario::name);
    }

    @BeforeAll
    static void startPrometheus() throws Exception {
        ChaosCluster.deleteRecursively(PROMETHEUS);
        Files.createDirectories(PROMETHEUS);
        // Each scenario's cluster has a throwaway CA of its own: the scrape does not check it
        // (StatusTlsTest checks the status page's certificate).
        prometheus = PrometheusServer.start(
                PROMETHEUS,
                "file_sd_configs: [{files: ['" + targets().toAbsolutePath() + "'], refresh_interval: 1s}]",
                "{insecure_skip_verify: true}");
    }

    private static Path targets() {
        return PROMETHEUS.resolve("targets.json");
    }

    @AfterAll
    static void noTwoClaimantsAlertFired() throws Exception {
        try {
            assertThat(prometheus.value("count(count_over_time(hacp_leader[2h]))"))
                    .as("JobManagers scraped during the set")
                    .isGreaterThanOrEqualTo(3);
            assertThat(prometheus.query(
                            "max_over_time(ALERTS{alertname=\"HacpTwoLeaders\",alertstate=\"firing\"}[2h])"))
                    .as("the two-claimants alert never fires across the chaos fast set")
                    .isEmpty();
        } finally {
            prometheus.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fastScenarios")
    void scenarioKeepsEveryInvariant(String name) throws Exception {
        ScenarioRunner runner = new ScenarioRunner(
                        ChildClasspath.get(), ChaosCluster.Options.defaults(), Duration.ofSeconds(60))
                .withScrapeTargets(targets());
        Path dir = Path.of("target", "chaos", name);
        ScenarioRunner.Outcome outcome = runner.run(Scenarios.named(name), dir);
        assertThat(outcome.validity())
                .as(Files.readString(dir.resolve("verdict.txt")))
                .isEqualTo(Validity.VALID);
        HeadlessChromium.Page timeline = HeadlessChromium.load(
                dir.resolve("timeline.html").toAbsolutePath().toUri().toString(),
                Files.createTempDirectory("chaos-browser"));
        assertThat(timeline.console()).as("console messages of the timeline").isEmpty();
        assertThat(timeline.dom()).contains("data-label-overlaps=\"0\"");
    }
}
