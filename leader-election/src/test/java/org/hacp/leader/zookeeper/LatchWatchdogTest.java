package org.hacp.leader.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.hacp.leader.zookeeper.takeover.TakeoverSchedule;
import org.hacp.testing.Closer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The watchdog's one repair that nothing else makes: a participant whose latch node is deleted on
 * the server while it waits in line (an operator's {@code delete}, a restored snapshot) is never
 * told by Curator, whose latch watches only the node ahead of it, and would never lead again.
 * With its period injected (issue 29 item 4) the repair is seen in well under a second instead of
 * the production 4 s (two checks of 2 s).
 */
class LatchWatchdogTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final ZooKeeperLeaderElectionDriver.Schedule QUICK =
            new ZooKeeperLeaderElectionDriver.Schedule(Duration.ofMillis(100), TakeoverSchedule.defaults());

    private final Closer closer = new Closer();
    private final List<Throwable> fatalErrors = new CopyOnWriteArrayList<>();
    private ZooKeeperFixture zk;

    @AfterEach
    void tearDown() throws Exception {
        closer.close();
        if (zk != null) {
            zk.close();
        }
        assertThat(fatalErrors).isEmpty();
    }

    /** A participant: its election driver (with the quick schedule) and one contender. */
    private record Participant(ZooKeeperLeaderElectionDriver driver, RecordingContender contender) {}

    private Participant contend(String id) throws Exception {
        CuratorFramework client = zk.client();
        ZooKeeperLeaderElectionDriver driver =
                closer.track(new ZooKeeperLeaderElectionDriver(client, id, fatalErrors::add, QUICK));
        RecordingContender contender = new RecordingContender(id);
        contender.election = driver.forComponent("resourcemanager");
        contender.election.startLeaderElection(contender);
        return new Participant(driver, contender);
    }

    @Test
    void aWaitingParticipantWhoseNodeWasDeletedRejoinsAndLeadsWhenTheLeaderLeaves() throws Exception {
        zk = new ZooKeeperFixture();
        Participant leader = contend("jm-a");
        await().atMost(WAIT).until(leader.contender()::leads);
        Participant standby = contend("jm-b");
        CuratorFramework admin = zk.client();
        await().atMost(WAIT)
                .until(() -> admin.getChildren().forPath(LeaderPaths.LATCH).size() == 2);
        // The leader's node heads the line; the other one is the standby's.
        String leaderNode = admin.getChildren().forPath(LeaderPaths.LATCH).stream()
                .min(LeaderPaths.LATCH_ORDER)
                .orElseThrow();
        for (String child : admin.getChildren().forPath(LeaderPaths.LATCH)) {
            if (!child.equals(leaderNode)) {
                admin.delete().forPath(LeaderPaths.LATCH + "/" + child);
            }
        }

        // Two checks find the standby's node missing and restart its latch: a node of its own again.
        await().atMost(WAIT)
                .until(() -> admin.getChildren().forPath(LeaderPaths.LATCH).size() == 2);
        leader.driver().close();
        await().atMost(WAIT).until(standby.contender()::leads);
    }
}
