package org.hacp.cluster.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.hacp.cluster.ClusterConfig;
import org.hacp.cluster.Component;
import org.hacp.cluster.dispatcher.DispatcherGateway;
import org.hacp.cluster.job.JobStatus;
import org.hacp.cluster.jobmanager.JobManager;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway.RegisteredTaskExecutor;
import org.hacp.cluster.view.ClusterView;
import org.hacp.fencing.FencedRpcEndpoint;
import org.hacp.fencing.FencingToken;
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
        Supplier<byte[]> local = () -> html(snapshot()).getBytes(StandardCharsets.UTF_8);
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

    private static byte[] json(Map<String, Object> snapshot) {
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

    /** Everything the status page shows, as plain maps and lists. */
    public Map<String, Object> snapshot() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("process", jobManager.id());
        FencedRpcEndpoint dispatcher = jobManager.dispatcher();
        FencedRpcEndpoint resourceManager = jobManager.resourceManager();
        status.put(
                "role",
                dispatcher.getFencingToken() != null || resourceManager.getFencingToken() != null
                        ? "leader"
                        : "follower");
        Map<String, Object> components = new LinkedHashMap<>();
        components.put(Component.DISPATCHER.id(), component(dispatcher));
        components.put(Component.RESOURCE_MANAGER.id(), component(resourceManager));
        status.put("components", components);
        try {
            var rm = jobManager
                    .resourceManager()
                    .getSelfGateway(ResourceManagerGateway.class)
                    .status()
                    .get(2, TimeUnit.SECONDS);
            status.put("taskExecutors", rm.taskExecutors());
        } catch (Exception e) {
            status.put("taskExecutors", List.of());
        }
        List<JobStatus> jobs = List.of();
        if (dispatcher.getFencingToken() != null) {
            try {
                jobs = jobManager
                        .dispatcher()
                        .getSelfGateway(DispatcherGateway.class)
                        .listJobs()
                        .get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // leadership moving; show none
            }
        }
        status.put("jobs", jobs);
        status.put("unreadableJobRecords", jobManager.dispatcher().unreadableJobRecords());
        return status;
    }

    private static Map<String, Object> component(FencedRpcEndpoint endpoint) {
        Map<String, Object> c = new LinkedHashMap<>();
        FencingToken token = endpoint.getFencingToken();
        c.put("leader", token != null);
        c.put("epoch", token == null ? null : token.epoch());
        c.put("session", token == null ? null : "#" + token.fingerprint());
        c.put("address", endpoint.getAddress());
        var rejections = endpoint.getFencingRejections();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("total", rejections.total());
        rejections.byReason().forEach((reason, n) -> r.put(reason.name(), n));
        r.put("highestRejectedEpoch", rejections.highestRejectedEpoch());
        c.put("fencingRejections", r);
        return c;
    }

    @SuppressWarnings("unchecked")
    private static String html(Map<String, Object> s) {
        StringBuilder h = new StringBuilder(
                        "<!doctype html><html><head><meta charset=\"utf-8\"><meta http-equiv=\"refresh\" content=\"2\">")
                .append("<title>")
                .append(HtmlText.escape(s.get("process")))
                .append("</title><style>body{font-family:sans-serif;margin:2em}")
                .append(
                        "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:left}")
                .append(".leader{color:#070;font-weight:bold}.follower{color:#666}</style></head><body>");
        h.append("<h1>")
                .append(HtmlText.escape(s.get("process")))
                .append(" <span class=\"")
                .append(HtmlText.escape(s.get("role")))
                .append("\">")
                .append(HtmlText.escape(s.get("role")))
                .append("</span></h1>");
        h.append(
                "<h2>Components</h2><table><tr><th>component</th><th>leader</th><th>epoch</th><th>session</th><th>fencing rejections</th></tr>");
        ((Map<String, Map<String, Object>>) s.get("components"))
                .forEach((name, c) -> h.append("<tr><td>")
                        .append(HtmlText.escape(name))
                        .append("</td><td>")
                        .append(HtmlText.escape(c.get("leader")))
                        .append("</td><td>")
                        .append(HtmlText.escape(c.get("epoch")))
                        .append("</td><td>")
                        .append(HtmlText.escape(c.get("session")))
                        .append("</td><td>")
                        .append(HtmlText.escape(c.get("fencingRejections")))
                        .append("</td></tr>"));
        appendWorkers(h, (List<RegisteredTaskExecutor>) s.get("taskExecutors"), (List<JobStatus>) s.get("jobs"));
        Map<String, String> unreadable = (Map<String, String>) s.get("unreadableJobRecords");
        if (!unreadable.isEmpty()) {
            h.append("</table><h2>Unreadable job records (skipped)</h2><table><tr><th>key</th><th>why</th></tr>");
            unreadable.forEach((key, why) -> h.append("<tr><td>")
                    .append(HtmlText.escape(key))
                    .append("</td><td>")
                    .append(HtmlText.escape(why))
                    .append("</td></tr>"));
        }
        return h.append("</table><p>JSON: <a href=\"/status\">/status</a></p></body></html>")
                .toString();
    }

    /** The TaskExecutors and jobs tables. */
    private static void appendWorkers(
            StringBuilder h, List<RegisteredTaskExecutor> taskExecutors, List<JobStatus> jobs) {
        h.append(
                "</table><h2>TaskExecutors</h2><table><tr><th>id</th><th>address</th><th>slots</th><th>running</th><th>last heartbeat</th></tr>");
        for (RegisteredTaskExecutor te : taskExecutors) {
            h.append("<tr><td>")
                    .append(HtmlText.escape(te.taskExecutorId()))
                    .append("</td><td>")
                    .append(HtmlText.escape(te.address()))
                    .append("</td><td>")
                    .append(te.slots())
                    .append("</td><td>")
                    .append(HtmlText.escape(te.runningTasks()))
                    .append("</td><td>")
                    .append(te.millisSinceHeartbeat())
                    .append(" ms ago</td></tr>");
        }
        h.append("</table><h2>Jobs</h2><table><tr><th>job</th><th>tasks</th><th>progress</th><th>state</th></tr>");
        for (JobStatus j : jobs) {
            h.append("<tr><td>")
                    .append(HtmlText.escape(j.jobId()))
                    .append("</td><td>")
                    .append(j.tasks())
                    .append("</td><td>")
                    .append(j.ticksCompleted())
                    .append(" / ")
                    .append(j.totalTicks())
                    .append("</td><td>")
                    .append(j.finished() ? "finished" : "running")
                    .append("</td></tr>");
        }
    }

    @Override
    public void close() {
        pages.close();
    }
}
