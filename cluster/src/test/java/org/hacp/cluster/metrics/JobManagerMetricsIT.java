package org.hacp.cluster.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hacp.cluster.OneJobManager;
import org.hacp.cluster.status.StatusServer;
import org.hacp.testing.Closer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 15: a JobManager's {@code /metrics} in Prometheus's text format, following its leadership. */
class JobManagerMetricsIT {
    /** A sample line of the text format: a name, optional labels, a value. */
    private static final String SAMPLE = "[a-zA-Z_:][a-zA-Z0-9_:]*(\\{[^}]*\\})? [-+0-9.eE]+|[-+]?(NaN|Inf)";

    private final Closer closer = new Closer();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() throws Exception {
        closer.close();
    }

    private List<String> scrape(StatusServer status) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + status.port() + "/metrics"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/plain; version=0.0.4"));
        return Arrays.asList(response.body().split("\n"));
    }

    /** A JobManager alone in its cluster, its metrics served on a status server; returns once it leads both components. */
    private StatusServer leadingJobManager(OneJobManager.Started started) throws Exception {
        StatusServer status = closer.track(new StatusServer(started.jobManager(), "127.0.0.1", 0));
        status.serveMetrics(JobManagerMetrics.register(started.jobManager(), started.ha()));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> scrape(status)
                        .containsAll(List.of(
                                "hacp_leader{component=\"resourcemanager\"} 1.0",
                                "hacp_leader{component=\"dispatcher\"} 1.0")));
        return status;
    }

    @Test
    void theLeaderSaysItLeadsAtItsEpochAndStopsSayingSoWhenItStepsDown() throws Exception {
        OneJobManager.Started started = OneJobManager.startWithHa(closer, "metrics", OneJobManager.Rpc.PEKKO);
        StatusServer status = leadingJobManager(started);

        List<String> leading = scrape(status);
        assertThat(leading)
                .contains(
                        "hacp_leader{component=\"dispatcher\"} 1.0",
                        "hacp_leader_epoch{component=\"dispatcher\"} 1.0",
                        "hacp_leader_epoch{component=\"resourcemanager\"} 1.0",
                        "hacp_leader_changes_total 2.0",
                        "hacp_zookeeper_connection_state{state=\"connected\"} 1.0",
                        "hacp_zookeeper_connection_state{state=\"lost\"} 0.0",
                        "hacp_fencing_rejections_total{component=\"dispatcher\",reason=\"stale\"} 0.0",
                        "hacp_fast_takeovers_total 0.0",
                        "hacp_taskexecutors_registered 0.0",
                        "hacp_heartbeat_timeouts_total 0.0",
                        "hacp_ha_records_refused_total 0.0",
                        "hacp_zookeeper_session_expirations_total 0.0",
                        "hacp_zookeeper_disconnected_seconds_total 0.0",
                        "hacp_jobs{state=\"running\"} 0.0");
        assertThat(leading).anyMatch(l -> l.startsWith("jvm_memory_used_bytes{"));
        // Issue 32: a leader has created its epoch counter and leader information, and set watches.
        for (String operated : List.of(
                "hacp_zookeeper_operations_total{kind=\"create\"} ",
                "hacp_zookeeper_operations_total{kind=\"get_data\"} ",
                "hacp_zookeeper_watches_set_total ")) {
            assertThat(leading)
                    .as(operated)
                    .anyMatch(l -> l.startsWith(operated) && Double.parseDouble(l.substring(operated.length())) > 0);
        }
        assertThat(leading.stream().filter(l -> !l.isEmpty() && !l.startsWith("#")))
                .allMatch(l -> l.matches(SAMPLE), "a sample line of the text format");
        String exported = String.join("\n", leading);
        Matcher used = Pattern.compile("hacp_[a-z_]+")
                .matcher(Files.readString(AlertRulesTest.RULES.resolve("hacp-alerts.yml")));
        while (used.find()) {
            assertThat(exported).as("a metric the alert rules use").contains("\n" + used.group());
        }

        started.jobManager().stepDown(60_000);

        await().atMost(Duration.ofSeconds(30))
                .until(() -> scrape(status).contains("hacp_leader{component=\"dispatcher\"} 0.0"));
        assertThat(scrape(status))
                .contains("hacp_leader{component=\"resourcemanager\"} 0.0")
                .noneMatch(l -> l.startsWith("hacp_leader_epoch{")
                        || l.startsWith("hacp_taskexecutors_registered ")
                        || l.startsWith("hacp_jobs{"));
    }

    @Test
    void aLostZooKeeperShowsAsSuspendedThenLostWithTheTimeCountedAndNoLeader() throws Exception {
        OneJobManager.Started started = OneJobManager.startWithHa(closer, "metrics-zk", OneJobManager.Rpc.PEKKO);
        StatusServer status = leadingJobManager(started);

        started.zooKeeper().close();

        await().atMost(Duration.ofSeconds(30))
                .until(() -> scrape(status).contains("hacp_zookeeper_connection_state{state=\"lost\"} 1.0"));
        List<String> lost = scrape(status);
        assertThat(lost)
                .contains(
                        "hacp_zookeeper_connection_state{state=\"connected\"} 0.0",
                        "hacp_zookeeper_session_expirations_total 1.0",
                        "hacp_leader{component=\"dispatcher\"} 0.0");
        double disconnected = lost.stream()
                .filter(l -> l.startsWith("hacp_zookeeper_disconnected_seconds_total "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.indexOf(' ') + 1)))
                .findFirst()
                .orElseThrow();
        assertThat(disconnected).isGreaterThan(0);
    }
}
