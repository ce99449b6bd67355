package org.hacp.cluster.status;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.hacp.net.PortRange;
import org.hacp.threads.DaemonThreads;

/**
 * The HTTP(S) server of a process's pages (a JobManager's status page, any process's
 * {@code /metrics}): bound where configured, HTTPS when given a TLS context (no client certificate
 * asked: browsers and Prometheus read it), a small worker pool and a request-time limit, so slow
 * clients cannot hold it. Pages are added by path before or after start; any thread.
 */
public final class HttpPages implements AutoCloseable {
    private static final int WORKERS = 4;

    /** The JDK server's request timeout: JVM-wide, read once when the first server in the JVM starts. */
    private static final String MAX_REQUEST_SECONDS = "sun.net.httpserver.maxReqTime";

    static {
        // A client that sends half a request held a worker until it gave up; four of them held the
        // page for everyone (issue 12). The JDK closes a connection whose request takes longer than
        // this; an operator's own -Dsun.net.httpserver.maxReqTime wins.
        if (System.getProperty(MAX_REQUEST_SECONDS) == null) {
            System.setProperty(MAX_REQUEST_SECONDS, "5");
        }
    }

    private final HttpServer server;

    /**
     * Starts serving on {@code host} at the first free port of {@code ports} (issue 18), HTTPS with
     * {@code tls} or HTTP when null.
     *
     * @throws UncheckedIOException naming the port setting when none of its ports is free
     */
    public HttpPages(String host, PortRange ports, SSLContext tls) {
        this.server = ports.bindFirst(host, port -> create(new InetSocketAddress(host, port), tls));
        // A pool, so one slow client does not hold the page for everyone.
        server.setExecutor(Executors.newFixedThreadPool(WORKERS, DaemonThreads.factory("hacp-status-http", true)));
        server.start();
    }

    private static HttpServer create(InetSocketAddress address, SSLContext tls) throws BindException {
        try {
            if (tls == null) {
                return HttpServer.create(address, 16);
            }
            HttpsServer https = HttpsServer.create(address, 16);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            return https;
        } catch (BindException taken) {
            throw taken;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve HTTP on " + address, e);
        }
    }

    /** Serves what {@code body} makes, as {@code type}, at {@code path} and below. */
    public void serve(String path, String type, Supplier<byte[]> body) {
        server.createContext(path, exchange -> respond(exchange, type, body.get()));
    }

    /** Serves {@code registry} at {@code /metrics} in Prometheus's text format (issue 15). */
    public void serveMetrics(PrometheusRegistry registry) {
        PrometheusTextFormatWriter format = PrometheusTextFormatWriter.create();
        serve("/metrics", format.getContentType(), () -> {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            try {
                format.write(text, registry.scrape());
            } catch (IOException e) {
                throw new IllegalStateException("writing the metrics failed", e);
            }
            return text.toByteArray();
        });
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** "https" or "http". */
    public String scheme() {
        return server instanceof HttpsServer ? "https" : "http";
    }

    private static void respond(HttpExchange exchange, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
