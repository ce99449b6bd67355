package org.hacp.chaos.browser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hacp.chaos.ChildClasspath;
import org.hacp.cluster.Component;
import org.hacp.cluster.client.ClusterClient;
import org.hacp.cluster.process.LocalCluster;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.leader.LeaderInformation;
import org.hacp.protocol.ProtocolRange;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.TestRpcSystems;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15: the cluster-wide web view in a real browser (headless Chromium, installed by
 * {@code .ci/run}) against a cluster of real processes. Any JobManager serves it; it shows the
 * leader first and each component's epoch, logs nothing to the console, and after a kill -9 of the
 * leader the surviving JobManager's view shows the new epoch and its takeover. A screenshot goes to
 * {@code chaos-tests/target/web-view/}.
 */
class WebViewIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern EPOCH = Pattern.compile("id=\"epoch-dispatcher\">(\\d+)<");

    private static long shownEpoch(HeadlessChromium.Page page) {
        Matcher m = EPOCH.matcher(page.dom());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    @Test
    void anyJobManagerShowsTheClusterAndTheNewEpochAfterTheLeaderIsKilled(@TempDir Path dir) throws Exception {
        Path runDir = dir.resolve("cluster");
        try (LocalCluster cluster = LocalCluster.start(runDir, Duration.ofSeconds(2), ChildClasspath.get())) {
            List<LocalCluster.Member> jobManagers = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                jobManagers.add(cluster.startJobManager("jobmanager-" + i).get(90, TimeUnit.SECONDS));
            }
            cluster.startTaskExecutor("taskexecutor-1", 2).get(90, TimeUnit.SECONDS);
            try (ZooKeeperHaServices ha = ZooKeeperHaServices.start(
                    cluster.clientHaConfig(Duration.ofSeconds(2), Duration.ofSeconds(5)), "web-view-test", e -> {})) {
                RpcService rpc = TestRpcSystems.remote(cluster.clientRpcConfig("web-view-test"));
                try (ClusterClient client = new ClusterClient(ha, rpc)) {
                    LeaderInformation first = client.awaitLeader(Component.DISPATCHER, WAIT);
                    LocalCluster.Member leader = cluster.memberAt(first.address());
                    LocalCluster.Member standby = jobManagers.stream()
                            .filter(m -> m != leader)
                            .findFirst()
                            .orElseThrow();

                    // the standby serves the view too: the leader first, the epoch, no console output
                    HeadlessChromium.Page before = HeadlessChromium.load(standby.statusUrl(), dir);
                    assertThat(before.console()).as("console messages").isEmpty();
                    assertThat(before.dom()).contains(leader.id() + "</td><td class=\"leader\">leader");
                    assertThat(shownEpoch(before)).isEqualTo(first.epoch());
                    assertThat(before.dom()).contains("<span id=\"cluster-version\">1 (never finalized)</span>");
                    assertThat(before.dom()).doesNotContain(first.sessionId().toString());

                    cluster.kill(leader);
                    LeaderInformation second =
                            client.awaitLeader(Component.DISPATCHER, l -> l.epoch() > first.epoch(), WAIT);
                    await().atMost(WAIT)
                            .until(() -> shownEpoch(HeadlessChromium.load(standby.statusUrl(), dir)) == second.epoch());
                    // the takeover is in the history once the new leader recorded it (3 s after its grant)
                    await().atMost(WAIT)
                            .until(() -> HeadlessChromium.load(standby.statusUrl(), dir)
                                    .dom()
                                    .contains("<td>" + second.epoch() + "</td><td>" + standby.id() + "</td>"));
                    // each TaskExecutor with the protocol versions it speaks (issue 31)
                    await().atMost(WAIT)
                            .until(() -> HeadlessChromium.load(standby.statusUrl(), dir)
                                    .dom()
                                    .contains("<td>" + ProtocolRange.CURRENT + "</td>"));
                    HeadlessChromium.Page after = HeadlessChromium.load(standby.statusUrl(), dir);
                    assertThat(after.console()).as("console messages").isEmpty();
                    assertThat(after.dom()).contains(standby.id() + "</td><td class=\"leader\">leader");
                    assertThat(after.dom()).doesNotContain(second.sessionId().toString());
                    HeadlessChromium.screenshot(standby.statusUrl(), Path.of("target", "web-view", "cluster.png"), dir);
                    assertThat(Path.of("target", "web-view", "cluster.png")).isNotEmptyFile();
                } finally {
                    rpc.closeAsync().get(30, TimeUnit.SECONDS);
                }
            }
        }
    }
}
