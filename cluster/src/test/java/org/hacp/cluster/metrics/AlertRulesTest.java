package org.hacp.cluster.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: the alert rules in {@code deploy/prometheus/} load and pass their unit tests in
 * Prometheus's own {@code promtool} (Debian's {@code prometheus} package; {@code .ci/run} installs
 * it). A rule that is changed so that it fires on one scrape of overlap around a handover, or no
 * longer fires on two claimants, fails here.
 */
class AlertRulesTest {
    static final Path RULES = Path.of("..", "deploy", "prometheus");

    private static String promtool(String... args) throws IOException, InterruptedException {
        String[] command = new String[args.length + 1];
        command[0] = "promtool";
        System.arraycopy(args, 0, command, 1, args.length);
        Process p;
        try {
            p = new ProcessBuilder(command)
                    .directory(RULES.toFile())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            throw new AssertionError(
                    "promtool is not installed: .ci/run installs it from Debian's prometheus package", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as("promtool %s:%n%s", String.join(" ", args), out)
                .isZero();
        return out;
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
