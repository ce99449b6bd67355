package org.hacp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.hacp.cluster.process.FailoverDemo;
import org.hacp.cluster.process.LocalCluster;
import org.hacp.ha.HaConfig;
import org.hacp.ha.MemberCard;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeaderRetrievalListener;
import org.hacp.protocol.ProtocolRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real JVM processes: JobManagers and TaskExecutors as children, a real ZooKeeper server. */
class ProcessClusterIT {

    /** The classpath of this module's main code and its runtime dependencies, as the children get it. */
    private static String classpath() throws Exception {
        return Path.of("target", "classes").toAbsolutePath()
                + File.pathSeparator
                + Files.readString(Path.of("target", "classpath.txt")).trim();
    }

    @Test
    void killDashNineOfTheLeaderJobManagerAndTheJobStillCompletes() throws Exception {
        // The README's main job, end to end: 3 JobManagers, 2 TaskExecutors, kill -9 of the leader.
        assertThat(FailoverDemo.runOnce(classpath())).isTrue();
    }

    @Test
    void sigtermHandsLeadershipOverLongBeforeTheSessionTimeout(@TempDir Path runDir) throws Exception {
        Duration sessionTimeout = Duration.ofSeconds(10);
        try (LocalCluster cluster = LocalCluster.start(runDir, sessionTimeout, classpath())) {
            LocalCluster.Member first = cluster.startJobManager("jobmanager-1").get(90, TimeUnit.SECONDS);
            HaConfig ha = cluster.clientHaConfig(Duration.ofSeconds(10), Duration.ofSeconds(5));
            try (ZooKeeperHaServices client = ZooKeeperHaServices.start(ha, "observer", e -> {})) {
                AtomicReference<LeaderInformation> leader = new AtomicReference<>();
                client.leaderRetriever("dispatcher").start(new LeaderRetrievalListener() {
                    @Override
                    public void notifyLeaderAddress(Optional<LeaderInformation> info) {
                        leader.set(info.orElse(null));
                    }

                    @Override
                    public void handleError(Exception error) {}
                });
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> leader.get() != null
                                && cluster.memberAt(leader.get().address()) == first);
                LocalCluster.Member second =
                        cluster.startJobManager("jobmanager-2").get(90, TimeUnit.SECONDS);
                long epoch = leader.get().epoch();
                // every process announces itself with the protocol versions it speaks (issue 31)
                await().atMost(Duration.ofSeconds(30))
                        .until(
                                () -> client.members().list(),
                                members -> members.equals(List.of(
                                        new MemberCard("jobmanager-1", "jobmanager", ProtocolRange.CURRENT),
                                        new MemberCard("jobmanager-2", "jobmanager", ProtocolRange.CURRENT))));

                long t0 = System.nanoTime();
                cluster.terminate(first);
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> leader.get() != null && leader.get().epoch() > epoch);
                Duration handover = Duration.ofNanos(System.nanoTime() - t0);

                assertThat(cluster.memberAt(leader.get().address())).isEqualTo(second);
                assertThat(first.process().exitValue()).as("SIGTERM exit").isNotEqualTo(-1);
                assertThat(handover).as("handover after SIGTERM").isLessThan(sessionTimeout.dividedBy(2));
                // a clean stop takes its card with it, well before its session (10 s) could expire
                await().atMost(Duration.ofSeconds(8))
                        .until(
                                () -> client.members().list().stream()
                                        .map(MemberCard::id)
                                        .toList(),
                                ids -> ids.equals(List.of("jobmanager-2")));
                System.out.printf(
                        "SIGTERM handover took %d ms (session timeout %d ms)%n",
                        handover.toMillis(), sessionTimeout.toMillis());
            }
        }
    }
}
