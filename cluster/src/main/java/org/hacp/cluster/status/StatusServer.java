package org.hacp.cluster.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.hacp.cluster.ClusterConfig;
import org.hacp.cluster.jobmanager.JobManager;
import org.hacp.cluster.view.ClusterView;
import org.hacp.net.PortRange;

/**
 * A JobManager's status over HTTP: {@code /status} as JSON (role, components with token and
 * epoch, registered TaskExecutors, jobs with progress, fencing rejection counters) and {@code /}
 * as an auto-refreshing HTML page of the same, and {@code /metrics} for Prometheus when given a
 * registry. Read-only.
 */
public final class StatusServer implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final JobManager jobManager;
    private final HttpPages pages;

    /** Serves plain HTTP. */
    public StatusServer(JobManager jobManager, String host, int port) throws IOException {
        this(jobManager, host, port, null);
    }

    /** Serves HTTPS with {@code tls} (no client certificate asked: browsers read the page), or HTTP when null. */
    public StatusServer(JobManager jobManager, String host, int port, SSLContext tls) throws IOException {
        this(jobManager, host, PortRange.of(ClusterConfig.STATUS_PORT, port), tls, null);
    }

    /**
     * With {@code view}, {@code /} is the cluster-wide web view (a page that refreshes itself from
     * {@code /cluster}) and this process's own page moves to {@code /local}; without, {@code /} is
     * this process's page. It binds the first free port of {@code ports}.
     */
    public StatusServer(JobManager jobManager, String host, PortRange ports, SSLContext tls, ClusterView view)
            throws IOException {
        this.jobManager = jobManager;
        this.pages = new HttpPages(host, ports, tls);
        pages.serve("/status", "application/json", () -> json(snapshot()));
        Supplier<byte[]> local = () -> StatusPage.render(snapshot()).getBytes(StandardCharsets.UTF_8);
        if (view == null) {
            pages.serve("/", HTML, local);
        } else {
            byte[] page = clusterPage();
            pages.serve("/", HTML, () -> page);
            pages.serve("/local", HTML, local);
            pages.serve("/cluster", "application/json", () -> json(view.snapshot()));
            pages.serve("/favicon.ico", "image/x-icon", () -> new byte[0]);
        }
    }

    private static final String HTML = "text/html; charset=utf-8";

    private static byte[] clusterPage() throws IOException {
        try (InputStream in = ClusterView.class.getResourceAsStream("cluster.html")) {
            if (in == null) {
                throw new IOException("the web view's page is missing from the class path (cluster.html)");
            }
            return in.readAllBytes();
        }
    }

    private static byte[] json(Object snapshot) {
        try {
            return MAPPER.writeValueAsBytes(snapshot);
        } catch (IOException e) {
            throw new IllegalStateException("the status could not be written as JSON", e);
        }
    }

    /** Also serves {@code registry} at {@code /metrics} in Prometheus's text format (issue 15). */
    public void serveMetrics(PrometheusRegistry registry) {
        pages.serveMetrics(registry);
    }

    public int port() {
        return pages.port();
    }

    /** "https" or "http". */
    public String scheme() {
        return pages.scheme();
    }

    /** Everything the status page shows, read now (waits up to 2 s each for the ResourceManager and Dispatcher). */
    public JobManagerStatus snapshot() {
        return JobManagerStatus.of(jobManager);
    }

    @Override
    public void close() {
        pages.close();
    }
}
