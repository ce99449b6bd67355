package org.hacp.chaos.prometheus;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hacp.chaos.cluster.ChaosCluster;
import org.hacp.chaos.cluster.ChaosNode;
import org.hacp.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a Prometheus {@code file_sd} targets file listing the status ports of a chaos cluster's
 * processes that run, rewritten every {@link #PERIOD_MILLIS} ms (a restarted process serves on a
 * new port), each target labelled with the scenario. Written atomically (a rename), as Prometheus
 * expects. Close stops rewriting and empties the file.
 */
public final class ScrapeTargets implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ScrapeTargets.class);
    private static final long PERIOD_MILLIS = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final ScheduledExecutorService timer = DaemonThreads.scheduled("hacp-scrape-targets");

    private ScrapeTargets(Path file) {
        this.file = file;
    }

    /** Starts listing {@code cluster}'s processes in {@code file}, labelled {@code scenario}. */
    public static ScrapeTargets follow(ChaosCluster cluster, Path file, String scenario) {
        ScrapeTargets targets = new ScrapeTargets(file);
        targets.timer.scheduleWithFixedDelay(
                () -> targets.write(
                        cluster.nodes().stream()
                                .filter(ChaosNode::alive)
                                .map(ChaosNode::statusUrl)
                                .filter(url -> !url.isEmpty())
                                .map(url -> URI.create(url).getAuthority())
                                .toList(),
                        scenario),
                0,
                PERIOD_MILLIS,
                TimeUnit.MILLISECONDS);
        return targets;
    }

    private void write(List<String> authorities, String scenario) {
        try {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.writeString(
                    next,
                    JSON.writeValueAsString(
                            List.of(Map.of("targets", authorities, "labels", Map.of("scenario", scenario)))));
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("Could not write the scrape targets {}: {}", file, e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        write(List.of(), "none");
    }
}
