package org.hacp.chaos.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.test.InstanceSpec;
import org.hacp.chaos.ChildClasspath;
import org.hacp.chaos.checker.Validity;
import org.hacp.chaos.cluster.ChaosCluster;
import org.hacp.chaos.scenario.Scenario;
import org.hacp.chaos.scenario.ScenarioRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: a real Prometheus with the project's rules watches a chaos cluster while two of its
 * three ZooKeeper servers are down for longer than the no-leader alert's window. The alert fires
 * (not before its 30 s), the two-claimants alert does not, and the run keeps every invariant.
 */
class QuorumLossAlertIT {
    private static final String NO_LEADER_FIRING = "ALERTS{alertname=\"HacpNoLeader\",alertstate=\"firing\"}";

    @Test
    void theNoLeaderAlertFiresDuringAQuorumLossLongerThanItsWindow(@TempDir Path dir) throws Exception {
        Path targets = dir.resolve("targets.json");
        AtomicLong firedAfterMillis = new AtomicLong(-1);
        try (PrometheusServer prometheus = PrometheusServer.start(
                dir,
                "file_sd_configs: [{files: ['" + targets.toAbsolutePath() + "'], refresh_interval: 1s}]",
                "{insecure_skip_verify: true}")) {
            Scenario longQuorumLoss = new Scenario(
                    "long-quorum-loss",
                    "two of three ZooKeeper servers down until the no-leader alert fires",
                    false,
                    c -> {
                        await().atMost(Duration.ofSeconds(60))
                                .until(() -> prometheus.value("sum(hacp_leader{component=\"dispatcher\"})") == 1);
                        List<InstanceSpec> servers = c.nemesis().zooKeeperServers();
                        long t0 = System.nanoTime();
                        c.nemesis().killZooKeeper(servers.get(0));
                        c.nemesis().killZooKeeper(servers.get(1));
                        await().atMost(Duration.ofSeconds(120))
                                .pollInterval(Duration.ofMillis(500))
                                .until(() -> !prometheus.query(NO_LEADER_FIRING).isEmpty());
                        firedAfterMillis.set((System.nanoTime() - t0) / 1_000_000);
                        c.nemesis()
                                .mark("the no-leader alert fired " + firedAfterMillis.get()
                                        + " ms after the quorum loss");
                        c.nemesis().restartZooKeeper(servers.get(0));
                        c.nemesis().restartZooKeeper(servers.get(1));
                    });
            Path runDir = Path.of("target", "chaos", longQuorumLoss.name());
            ScenarioRunner.Outcome outcome = new ScenarioRunner(
                            ChildClasspath.get(), ChaosCluster.Options.defaults(), Duration.ofSeconds(60))
                    .withScrapeTargets(targets)
                    .run(longQuorumLoss, runDir);

            assertThat(outcome.validity())
                    .as(Files.readString(runDir.resolve("verdict.txt")))
                    .isEqualTo(Validity.VALID);
            // Prometheus stamps a sample with the time its scrape began, so a scrape that began up to one
            // scrape interval (1 s) before the kill can carry the lost leadership. CI once measured 29 881 ms.
            assertThat(firedAfterMillis.get())
                    .as("ms from the quorum loss to the no-leader alert firing")
                    .isGreaterThanOrEqualTo(30_000 - PrometheusServer.SCRAPE_INTERVAL.toMillis());
            assertThat(prometheus.query(
                            "max_over_time(ALERTS{alertname=\"HacpTwoLeaders\",alertstate=\"firing\"}[1h])"))
                    .as("the two-claimants alert never fires")
                    .isEmpty();
        }
    }
}
