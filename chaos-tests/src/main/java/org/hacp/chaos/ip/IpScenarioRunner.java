package org.hacp.chaos.ip;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hacp.chaos.scenario.ScenarioRunner;
import org.hacp.cluster.job.JobSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one IP scenario end to end on fresh namespace hosts, as {@link ScenarioRunner} does on the
 * proxied local cluster: bring the hosts up, submit a job, let the nemesis act, restore processes,
 * heal, wait until the cluster settles and the job finishes, take the hosts down, then merge every
 * host's event log with the harness's, check the history against the same invariants and write the
 * same report into the run directory.
 */
public final class IpScenarioRunner {
    private static final Logger LOG = LoggerFactory.getLogger(IpScenarioRunner.class);

    private final NamespaceCluster.Options options;
    private final Duration jobsWithin;

    public IpScenarioRunner(NamespaceCluster.Options options, Duration jobsWithin) {
        this.options = options;
        this.jobsWithin = jobsWithin;
    }

    /** Invariant (e)'s bound: two session timeouts plus ten seconds of reconnection, as on the local cluster. */
    public Duration convergenceBound() {
        return options.sessionTimeout().multipliedBy(2).plusSeconds(10);
    }

    /** Runs {@code scenario} (from the catalogue, or a seeded random schedule) in {@code runDir}. */
    public ScenarioRunner.Outcome run(IpScenario scenario, Path runDir) throws Exception {
        String name = scenario.name();
        long t0 = System.nanoTime();
        LOG.info("IP scenario {}: {}", name, scenario.description());
        List<Path> logDirs;
        try (NamespaceCluster cluster = NamespaceCluster.start(runDir, options)) {
            cluster.client().submit(new JobSpec("chaos", 4, 40, 100), Duration.ofSeconds(20));
            cluster.nemesis().mark("scenario " + name);
            try {
                scenario.body().run(cluster);
            } catch (Exception e) {
                LOG.warn("IP scenario {}: the nemesis failed: {}", name, e.toString());
                cluster.nemesis().mark("nemesis-error " + e.getMessage());
            }
            cluster.nemesis().restoreProcesses();
            cluster.nemesis().heal();
            cluster.client().awaitRunEnd(convergenceBound(), jobsWithin);
            logDirs = cluster.eventLogDirs();
        }
        return ScenarioRunner.check(
                name, logDirs, runDir, System.nanoTime() - t0, scenario.expectations(), convergenceBound());
    }
}
