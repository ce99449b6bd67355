package org.hacp.chaos.scenario;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hacp.chaos.checker.Checker;
import org.hacp.chaos.checker.Validity;
import org.hacp.chaos.checker.Verdict;
import org.hacp.chaos.cluster.ChaosCluster;
import org.hacp.chaos.history.History;
import org.hacp.chaos.prometheus.ScrapeTargets;
import org.hacp.chaos.report.TimelineReport;
import org.hacp.cluster.job.JobSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one scenario end to end: start the cluster, submit a job, let the nemesis act, heal
 * everything, wait for the cluster to settle and the job to finish, stop every process, then
 * merge the history, check it and write the report ({@code history.jsonl}, {@code verdict.json},
 * {@code verdict.txt}, {@code timeline.html}) into the run directory.
 */
public final class ScenarioRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ScenarioRunner.class);

    /** What one run found. */
    public record Outcome(String scenario, Verdict verdict, long millis, Path runDir) {
        public Validity validity() {
            return verdict.validity();
        }
    }

    private final String classpath;
    private final ChaosCluster.Options options;
    private final Duration jobsWithin;
    private final Path scrapeTargets;

    /** @param jobsWithin how long to wait after the heal for every acknowledged job to finish */
    public ScenarioRunner(String classpath, ChaosCluster.Options options, Duration jobsWithin) {
        this(classpath, options, jobsWithin, null);
    }

    private ScenarioRunner(String classpath, ChaosCluster.Options options, Duration jobsWithin, Path scrapeTargets) {
        this.classpath = classpath;
        this.options = options;
        this.jobsWithin = jobsWithin;
        this.scrapeTargets = scrapeTargets;
    }

    /** The same runner, listing each run's processes in {@code file} for a Prometheus to scrape (issue 15). */
    public ScenarioRunner withScrapeTargets(Path file) {
        return new ScenarioRunner(classpath, options, jobsWithin, file);
    }

    /** The bound of invariant (e): a successor within two session timeouts plus ten seconds of reconnection. */
    public Duration convergenceBound() {
        return options.sessionTimeout().multipliedBy(2).plusSeconds(10);
    }

    public Outcome run(Scenario scenario, Path runDir) throws Exception {
        ChaosCluster.Options own = scenario.options(options);
        if (own != options) {
            return new ScenarioRunner(classpath, own, jobsWithin, scrapeTargets).run(scenario, runDir);
        }
        long t0 = System.nanoTime();
        LOG.info("Scenario {}: {}", scenario.name(), scenario.description());
        try (ChaosCluster cluster = ChaosCluster.start(runDir, classpath, options);
                AutoCloseable scraped = scrapeTargets == null
                        ? () -> {}
                        : ScrapeTargets.follow(cluster, scrapeTargets, scenario.name())) {
            cluster.client().submit(new JobSpec("chaos", 4, 40, 100), Duration.ofSeconds(20));
            cluster.nemesis().mark("scenario " + scenario.name());
            try {
                scenario.body().run(cluster);
            } catch (Exception e) {
                LOG.warn("Scenario {}: the nemesis failed: {}", scenario.name(), e.toString());
                cluster.nemesis().mark("nemesis-error " + e.getMessage());
            }
            settle(cluster);
        }
        return check(scenario.name(), runDir, System.nanoTime() - t0, scenario.expectations());
    }

    /** Heals every fault, then waits for one leader with every TaskExecutor and for every job to finish. */
    void settle(ChaosCluster cluster) throws Exception {
        cluster.nemesis().restoreProcesses();
        cluster.nemesis().heal();
        cluster.client().awaitRunEnd(convergenceBound(), jobsWithin);
    }

    /** Checks the history in {@code runDir} and writes the report there. */
    public Outcome check(String name, Path runDir, long nanos, List<Expectation> expectations) throws IOException {
        return check(name, List.of(runDir), runDir, nanos, expectations, convergenceBound());
    }

    /**
     * Checks the history merged from the event logs in {@code logDirs} against the invariants and
     * {@code expectations}, and writes the report into {@code runDir}.
     */
    public static Outcome check(
            String name,
            List<Path> logDirs,
            Path runDir,
            long nanos,
            List<Expectation> expectations,
            Duration convergenceBound)
            throws IOException {
        History history = History.load(logDirs);
        history.write(runDir.resolve("history.jsonl"));
        List<Verdict.Result> results =
                new ArrayList<>(new Checker(convergenceBound).check(history).results());
        expectations.forEach(e -> results.add(e.check(history)));
        Verdict verdict = new Verdict(List.copyOf(results));
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Files.writeString(
                runDir.resolve("verdict.json"),
                mapper.writeValueAsString(Map.of(
                        "scenario",
                        name,
                        "validity",
                        verdict.validity(),
                        "millis",
                        nanos / 1_000_000,
                        "results",
                        verdict.results())),
                StandardCharsets.UTF_8);
        String text = "scenario " + name + " (" + nanos / 1_000_000 + " ms)\n" + verdict.describe();
        Files.writeString(runDir.resolve("verdict.txt"), text, StandardCharsets.UTF_8);
        TimelineReport.write(runDir.resolve("timeline.html"), "chaos: " + name, history, verdict);
        LOG.info("Scenario {}: {}\n{}", name, verdict.validity(), text);
        return new Outcome(name, verdict, nanos / 1_000_000, runDir);
    }
}
