package org.hacp.leader.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.hacp.leader.LeaderElection;
import org.hacp.net.TcpForwarder;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: ZooKeeper stalls (the leader's link is blackholed) at the moment of a grant. The grant
 * path waits on ZooKeeper (epoch minting), so if it ran on the election's event thread the revoke
 * on SUSPENDED would queue behind the stalled call and arrive only after the successor was
 * granted. It must arrive on the connection-state timing: before the leader's session can expire
 * and anyone else can lead.
 */
class StallAtGrantTest extends ZooKeeperTestBase {
    private static final Duration WAIT = Duration.ofSeconds(40);

    private RecordingContender contend(ZooKeeperLeaderElectionDriver driver, String component, String name) {
        RecordingContender contender = new RecordingContender(name, false);
        LeaderElection election = driver.forComponent(component);
        contender.election = election;
        election.startLeaderElection(contender);
        return contender;
    }

    @Test
    void theRevokeOnSuspendedIsNotHeldBehindAGrantStalledByZooKeeper() throws Exception {
        try (TcpForwarder link = zk.track(new TcpForwarder(zk.server.getPort()))) {
            ZooKeeperLeaderElectionDriver leader = zk.track(new ZooKeeperLeaderElectionDriver(
                    zk.client("127.0.0.1:" + link.port(), false), "jm-a", fatalErrors::add));
            RecordingContender first = contend(leader, "first", "jm-a");
            await().atMost(WAIT).until(first::leads);
            ZooKeeperLeaderElectionDriver standby =
                    zk.track(new ZooKeeperLeaderElectionDriver(zk.client(), "jm-b", fatalErrors::add));
            RecordingContender successor = contend(standby, "first", "jm-b");

            // The partition starts as the leader grants a second component: its epoch mint stalls.
            link.blackhole();
            RecordingContender second = contend(leader, "second", "jm-a");

            await().atMost(WAIT).until(() -> first.revokes() == 1 && successor.leads());
            long revoked = first.events.get(1).nanos();
            long successorGranted = successor.events.get(0).nanos();
            assertThat(revoked)
                    .as(
                            "the old leader revokes %d ms before its successor is granted (negative: after)",
                            (successorGranted - revoked) / 1_000_000)
                    .isLessThan(successorGranted);
            assertThat(second.events).as("the stalled grant never took effect").isEmpty();
            link.heal();
            leader.close(); // while the link works: its io thread may still be retrying the stalled mint
        }
    }
}
