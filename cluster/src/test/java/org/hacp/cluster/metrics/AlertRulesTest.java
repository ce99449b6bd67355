package org.hacp.cluster.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.hacp.process.CommandRun;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the alert rules in {@code deploy/prometheus/} load and pass their unit tests in
 * Prometheus's own {@code promtool} (Debian's {@code prometheus} package; {@code .ci/run} installs
 * it). A rule that is changed so that it fires on one scrape of overlap around a handover, or no
 * longer fires on two claimants, fails here.
 */
class AlertRulesTest {
    static final Path RULES = Path.of("..", "deploy", "prometheus");

    private static String promtool(String... args) throws IOException, InterruptedException, TimeoutException {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(args));
        CommandRun run;
        try {
            run = CommandRun.run(command, RULES, Map.of(), null, Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new AssertionError(
                    "promtool is not installed: .ci/run installs it from Debian's prometheus package", e);
        }
        assertThat(run.exitCode())
                .as("promtool %s:%n%s", String.join(" ", args), run.output())
                .isZero();
        return run.output();
    }

    @Test
    void theRulesLoad() throws Exception {
        assertThat(promtool("check", "rules", "hacp-alerts.yml")).contains("SUCCESS: 6 rules found");
    }

    @Test
    void theRulesPassTheirUnitTests() throws Exception {
        assertThat(Files.exists(RULES.resolve("hacp-alerts-test.yml"))).isTrue();
        assertThat(promtool("test", "rules", "hacp-alerts-test.yml")).contains("SUCCESS");
    }
}
