package org.hacp.leader.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.hacp.fencing.FencingToken;
import org.hacp.leader.LeaderContender;
import org.hacp.leader.LeaderElection;
import org.hacp.net.TcpForwarder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** ZooKeeper going away: restarts, outages beyond the session timeout, one client partitioned. */
class ConnectionLossTest extends ZooKeeperTestBase {
    private static final String COMPONENT = "resourcemanager";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private record Contending(
            CuratorFramework client,
            RecordingContender contender,
            LeaderElection election,
            List<ConnectionState> states) {}

    private Contending contend(String name, CuratorFramework client) {
        ZooKeeperLeaderElectionDriver driver =
                zk.track(new ZooKeeperLeaderElectionDriver(client, name, fatalErrors::add));
        RecordingContender contender = new RecordingContender(name);
        LeaderElection election = driver.forComponent(COMPONENT);
        contender.election = election;
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        client.getConnectionStateListenable().addListener((c, s) -> states.add(s));
        election.startLeaderElection(contender);
        return new Contending(client, contender, election, states);
    }

    @Test
    void shortZooKeeperRestartRevokesOnSuspendedByDefault() throws Exception {
        Contending a = contend("jm-a", zk.client(zk.server.getConnectString(), false));
        await().atMost(WAIT).until(() -> a.contender().leads());
        FencingToken before = a.contender().current;

        zk.server.stop();
        await().atMost(WAIT).until(() -> a.contender().revokes() == 1);
        assertThat(a.election().hasLeadership(before)).isFalse();
        assertThat(a.states()).doesNotContain(ConnectionState.LOST);
        zk.server.restart();

        await().atMost(WAIT).until(() -> a.contender().leads());
        assertThat(a.contender().current.epoch()).isGreaterThan(before.epoch());
    }

    /** A contender whose grant can be held, to keep the election's event thread busy. */
    private static final class HoldingContender implements LeaderContender {
        final AtomicReference<FencingToken> granted = new AtomicReference<>();
        final CountDownLatch grantEntered = new CountDownLatch(1);
        final CountDownLatch revokeEntered = new CountDownLatch(1);
        final CountDownLatch holdGrant;

        HoldingContender(CountDownLatch holdGrant) {
            this.holdGrant = holdGrant;
        }

        @Override
        public void grantLeadership(FencingToken token) {
            granted.set(token);
            grantEntered.countDown();
            try {
                holdGrant.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void revokeLeadership() {
            revokeEntered.countDown();
        }

        @Override
        public void handleError(Throwable error) {
            throw new AssertionError(error);
        }
    }

    @Test
    void hasLeadershipTurnsFalseBeforeTheRevokeIsDelivered() throws Exception {
        CuratorFramework client = zk.client(zk.server.getConnectString(), false);
        ZooKeeperLeaderElectionDriver driver =
                zk.track(new ZooKeeperLeaderElectionDriver(client, "jm-a", fatalErrors::add));
        HoldingContender a = new HoldingContender(new CountDownLatch(0));
        LeaderElection first = driver.forComponent("first");
        first.startLeaderElection(a);
        await().atMost(WAIT).until(() -> a.granted.get() != null && first.hasLeadership(a.granted.get()));

        // The second component's grant holds the election's event thread, so nothing queued behind it
        // (the revoke) can be delivered.
        CountDownLatch holdGrant = new CountDownLatch(1);
        HoldingContender b = new HoldingContender(holdGrant);
        driver.forComponent("second").startLeaderElection(b);
        assertThat(b.grantEntered.await(20, TimeUnit.SECONDS)).isTrue();

        zk.server.stop();

        await().atMost(WAIT).until(() -> !first.hasLeadership(a.granted.get()));
        assertThat(a.revokeEntered.getCount())
                .as("the revoke has not been delivered yet")
                .isEqualTo(1);
        holdGrant.countDown();
        assertThat(a.revokeEntered.await(20, TimeUnit.SECONDS)).isTrue();
        zk.server.restart();
    }

    @Test
    void shortZooKeeperRestartKeepsLeadershipWhenSuspendedIsTolerated() throws Exception {
        // The longest session the server allows (4 s): on a loaded machine, reconnecting to the
        // restarted server once took over 2 s, and the session expired (fresh-clone run, issue 12 session).
        Contending a = contend("jm-a", zk.client(zk.server.getConnectString(), true, Duration.ofSeconds(4)));
        await().atMost(WAIT).until(() -> a.contender().leads());
        FencingToken before = a.contender().current;

        zk.server.stop();
        await().atMost(WAIT).until(() -> a.states().contains(ConnectionState.SUSPENDED));
        assertThat(a.election().hasLeadership(before)).isTrue();
        zk.server.restart();
        await().atMost(WAIT).until(() -> a.states().contains(ConnectionState.RECONNECTED));

        assertThat(a.contender().revokes()).isZero();
        assertThat(a.contender().current).isEqualTo(before);
        assertThat(a.election().hasLeadership(before)).isTrue();
    }

    /**
     * Issue 30: a leader riding out SUSPENDED revokes as soon as a receiver names a later epoch,
     * before its session is LOST, and rejoins; while connected the latch decides and the report is
     * ignored.
     */
    @Test
    void aLeaderCutOffFromZooKeeperRevokesWhenToldOfALaterEpochBeforeItsSessionIsLost() throws Exception {
        Contending a = contend("jm-a", zk.client(zk.server.getConnectString(), true, Duration.ofSeconds(4)));
        await().atMost(WAIT).until(() -> a.contender().leads());
        FencingToken token = a.contender().current;
        assertThat(a.election().successorSeen(token, token.epoch() + 1).get(10, TimeUnit.SECONDS))
                .as("connected: the latch decides")
                .isFalse();

        zk.server.stop();
        await().atMost(WAIT).until(() -> a.states().contains(ConnectionState.SUSPENDED));
        assertThat(a.election().hasLeadership(token)).isTrue();
        assertThat(a.election().successorSeen(token, token.epoch() + 1).get(10, TimeUnit.SECONDS))
                .isTrue();
        assertThat(a.contender().revokes()).isEqualTo(1);
        assertThat(a.election().hasLeadership(token)).isFalse();
        assertThat(a.states()).as("revoked before the session was lost").doesNotContain(ConnectionState.LOST);
        zk.server.restart();

        await().atMost(WAIT).until(() -> a.contender().leads());
        assertThat(a.contender().current.epoch()).isGreaterThan(token.epoch());
    }

    /** CURATOR-696: after an outage beyond the session timeout the old node must not carry leadership on. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void outageBeyondTheSessionTimeoutRevokesInBothModes(boolean tolerateSuspended) throws Exception {
        Contending a = contend("jm-a", zk.client(zk.server.getConnectString(), tolerateSuspended));
        Contending b = contend("jm-b", zk.client(zk.server.getConnectString(), tolerateSuspended));
        await().atMost(WAIT).until(() -> a.contender().leads() || b.contender().leads());
        Contending leader = a.contender().leads() ? a : b;
        FencingToken before = leader.contender().current;

        zk.server.stop();
        await().atMost(WAIT).until(() -> leader.states().contains(ConnectionState.LOST));
        assertThat(leader.contender().revokes()).isEqualTo(1);
        assertThat(leader.election().hasLeadership(before)).isFalse();
        zk.server.restart();

        await().atMost(WAIT).until(() -> a.contender().leads() ^ b.contender().leads());
        Contending now = a.contender().leads() ? a : b;
        assertThat(now.contender().current.epoch()).isGreaterThan(before.epoch());
        assertThat(leader.election().hasLeadership(before)).isFalse();
    }

    @Test
    void retrievalReannouncesTheSameLeaderAndLearnsOfAChangeMadeWhileItWasCutOff() throws Exception {
        Contending a = contend("jm-a", zk.client());
        await().atMost(WAIT).until(() -> a.contender().leads());
        try (TcpForwarder link = new TcpForwarder(zk.server.getPort())) {
            CuratorFramework followerClient = zk.client("127.0.0.1:" + link.port(), false);
            RecordingListener listener = new RecordingListener();
            zk.track(new ZooKeeperLeaderRetrievalService(followerClient, COMPONENT))
                    .start(listener);
            FencingToken first = a.contender().current;
            await().atMost(WAIT).until(() -> listener.lastIs(first));

            // Cut off and healed before the session expires: "no leader known", then the same leader again.
            link.cut();
            await().atMost(WAIT).until(listener::lastIsEmpty);
            link.heal();
            await().atMost(WAIT).until(() -> listener.lastIs(first));

            // Cut off while leadership moves: after healing the new leader is announced, never an older epoch.
            link.cut();
            await().atMost(WAIT).until(listener::lastIsEmpty);
            Contending b = contend("jm-b", zk.client());
            a.election().close();
            await().atMost(WAIT).until(() -> b.contender().leads());
            link.heal();
            await().atMost(WAIT).until(() -> listener.lastIs(b.contender().current));
            assertThat(b.contender().current.epoch()).isGreaterThan(first.epoch());

            long previous = -1;
            for (var n : listener.notifications) {
                if (n.isPresent()) {
                    assertThat(n.get().epoch()).isGreaterThanOrEqualTo(previous);
                    previous = n.get().epoch();
                }
            }
        }
    }
}
