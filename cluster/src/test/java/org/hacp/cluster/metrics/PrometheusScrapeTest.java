package org.hacp.cluster.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.hacp.cluster.process.LocalCluster;
import org.hacp.net.FreePorts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: a real Prometheus (Debian's binary, installed by {@code .ci/run}) scrapes a local
 * cluster of real JobManager processes over HTTPS with the cluster's CA, loads the alert rules, and
 * across a kill -9 failover sees exactly one leader per component, the epoch go up, and no
 * two-claimants alert.
 */
class PrometheusScrapeTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private int prometheusPort;

    private static String classpath() throws IOException {
        return Path.of("target", "classes").toAbsolutePath()
                + File.pathSeparator
                + Files.readString(Path.of("target", "classpath.txt")).trim();
    }

    /** The result vector of an instant query. */
    private JsonNode query(String promql) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
                                + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("status").asText())
                .as("query %s: %s", promql, response.body())
                .isEqualTo("success");
        return body.path("data").path("result");
    }

    /** The single value of {@code promql}, or NaN when the result is empty. */
    private double value(String promql) throws Exception {
        JsonNode result = query(promql);
        return result.isEmpty()
                ? Double.NaN
                : result.get(0).path("value").get(1).asDouble();
    }

    private boolean ready() {
        try {
            return http.send(
                                    HttpRequest.newBuilder(
                                                    URI.create("http://127.0.0.1:" + prometheusPort + "/-/ready"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void prometheusSeesOneLeaderPerComponentAndTheEpochGoUpAcrossAKill(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("cluster");
        try (LocalCluster cluster = LocalCluster.start(runDir, Duration.ofSeconds(2), classpath())) {
            List<LocalCluster.Member> jobManagers = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                jobManagers.add(cluster.startJobManager("jobmanager-" + i).get(90, TimeUnit.SECONDS));
            }
            LocalCluster.Member taskExecutor =
                    cluster.startTaskExecutor("taskexecutor-1", 2).get(90, TimeUnit.SECONDS);
            List<String> targets = Stream.concat(jobManagers.stream(), Stream.of(taskExecutor))
                    .map(m -> "'" + URI.create(m.statusUrl()).getAuthority() + "'")
                    .toList();
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(
                    config,
                    "global: {scrape_interval: 1s, evaluation_interval: 1s}\n"
                            + "rule_files: ['"
                            + AlertRulesTest.RULES.resolve("hacp-alerts.yml").toAbsolutePath() + "']\n"
                            + "scrape_configs:\n"
                            + "  - job_name: hacp\n"
                            + "    scheme: https\n"
                            + "    tls_config: {ca_file: '"
                            + runDir.resolve("credentials").resolve("ca.crt") + "'}\n"
                            + "    static_configs: [{targets: " + targets + "}]\n");
            prometheusPort = FreePorts.loopbackBelowEphemeral();
            Process prometheus = new ProcessBuilder(
                            "prometheus",
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + prometheusPort)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
            try {
                await().atMost(WAIT).until(this::ready);
                await().atMost(WAIT).until(() -> value("count(up{job=\"hacp\"} == 1)") == 4);
                await().atMost(WAIT)
                        .until(() -> value("sum(hacp_leader{component=\"dispatcher\"})") == 1
                                && value("sum(hacp_leader{component=\"resourcemanager\"})") == 1);
                double epoch = value("max(hacp_leader_epoch{component=\"dispatcher\"})");
                String leader = query("hacp_leader{component=\"dispatcher\"} == 1")
                        .get(0)
                        .path("metric")
                        .path("instance")
                        .asText();

                cluster.kill(jobManagers.stream()
                        .filter(m -> m.statusUrl().contains(leader))
                        .findFirst()
                        .orElseThrow());

                await().atMost(WAIT)
                        .until(() -> value("max(hacp_leader_epoch{component=\"dispatcher\"})") > epoch
                                && value("sum(hacp_leader{component=\"dispatcher\"})") == 1);
                // The TaskExecutor's own port: registered with the new ResourceManager leader; the new
                // leader measured its takeover live; RPC calls were counted on both sides.
                await().atMost(WAIT)
                        .until(() -> value("max(hacp_taskexecutor_leader_epoch)")
                                        == value("max(hacp_leader_epoch{component=\"resourcemanager\"})")
                                && value("max(hacp_takeover_epoch)")
                                        == value("max(hacp_leader_epoch{component=\"resourcemanager\"})"));
                await().atMost(WAIT)
                        .until(() -> value("count(hacp_takeover_phase_seconds{phase=\"published\"})") >= 1
                                && value(
                                                "sum(hacp_rpc_call_duration_seconds_count{gateway=\"ResourceManagerGateway\",method=\"registerTaskExecutor\",outcome=\"ok\"})")
                                        >= 2);
                // Pending for a scrape is allowed (the dead leader's last sample may outlive the new
                // grant by one scrape interval); firing needs 15 s of two claimants.
                assertThat(query("max_over_time(ALERTS{alertname=\"HacpTwoLeaders\",alertstate=\"firing\"}[10m])"))
                        .as("the two-claimants alert never fires")
                        .isEmpty();
            } finally {
                prometheus.destroy();
                prometheus.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
