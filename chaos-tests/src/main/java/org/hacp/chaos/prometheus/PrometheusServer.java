package org.hacp.chaos.prometheus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.TimeUnit;
import org.hacp.net.FreePorts;

/**
 * A real Prometheus server (Debian's {@code prometheus} binary; {@code .ci/run} installs it) for
 * tests: scrapes every second, evaluates the project's alert rules every second, listens on
 * loopback, keeps its data in a directory of the caller's, and answers instant queries. Close stops
 * the process.
 */
public final class PrometheusServer implements AutoCloseable {
    /** The alert rules this project ships, seen from a module directory. */
    public static final Path RULES = Path.of("..", "deploy", "prometheus", "hacp-alerts.yml");

    /** How often this server scrapes its targets and evaluates the rules. */
    public static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofSeconds(30);

    private final Process process;
    private final int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private PrometheusServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts Prometheus in {@code dir} with the alert rules and one scrape job, {@code hacp}, over
     * HTTPS; {@code targets} is the YAML of its target source, e.g. {@code static_configs: [...]}
     * or {@code file_sd_configs: [...]}; {@code tls} the YAML of its {@code tls_config}.
     */
    public static PrometheusServer start(Path dir, String targets, String tls) throws Exception {
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(
                config,
                "global: {scrape_interval: " + SCRAPE_INTERVAL.toSeconds() + "s, evaluation_interval: "
                        + SCRAPE_INTERVAL.toSeconds() + "s}\n"
                        + "rule_files: ['" + RULES.toAbsolutePath().normalize() + "']\n"
                        + "scrape_configs:\n"
                        + "  - job_name: hacp\n"
                        + "    scheme: https\n"
                        + "    tls_config: " + tls + "\n"
                        + "    " + targets + "\n");
        int port = FreePorts.loopbackBelowEphemeral();
        Process process;
        try {
            process = new ProcessBuilder(
                            "prometheus",
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + dir.resolve("data"),
                            "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("prometheus.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IOException(
                    "prometheus is not installed: .ci/run installs it from Debian's prometheus package", e);
        }
        PrometheusServer server = new PrometheusServer(process, port);
        long deadline = System.nanoTime() + START.toNanos();
        while (!server.ready()) {
            if (System.nanoTime() > deadline || !process.isAlive()) {
                server.close();
                throw new IllegalStateException("Prometheus did not start; see " + dir.resolve("prometheus.log"));
            }
            Thread.sleep(100); // polling another process's readiness
        }
        return server;
    }

    private boolean ready() {
        try {
            return http.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
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

    /** The result vector of an instant query. */
    public JsonNode query(String promql) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/query?query="
                                + URLEncoder.encode(promql, StandardCharsets.UTF_8)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(response.body());
        if (!"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("query " + promql + " failed: " + response.body());
        }
        return body.path("data").path("result");
    }

    /** The first value of an instant query, or NaN when it has none. */
    public double value(String promql) throws IOException, InterruptedException {
        JsonNode result = query(promql);
        return result.isEmpty()
                ? Double.NaN
                : result.get(0).path("value").get(1).asDouble();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
