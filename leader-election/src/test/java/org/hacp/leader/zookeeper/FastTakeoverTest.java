package org.hacp.leader.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.hacp.fencing.FencingToken;
import org.hacp.leader.LeadershipLostException;
import org.hacp.leader.zookeeper.takeover.FastTakeoverSettings;
import org.hacp.leader.zookeeper.takeover.SessionCard;
import org.hacp.net.FreePorts;
import org.hacp.net.TcpForwarder;
import org.hacp.testing.Closer;
import org.hacp.threads.DaemonThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: a standby ends a crashed leader's ZooKeeper session once the leader's port is seen
 * gone, so the next in line leads long before the session timeout; silence never does it, and a
 * wrong suspicion deposes a live leader cleanly by epoch. Real ZooKeeper; each "process" is an
 * election driver with its own Curator client and a server socket that stands for its RPC port.
 */
class FastTakeoverTest {
    /** Longer than any wait below: a successor that leads within {@link #WAIT} did not wait for expiry. */
    private static final Duration LONG_SESSION = Duration.ofSeconds(20);

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final FastTakeoverSettings ON = FastTakeoverSettings.defaults();

    private ZooKeeperFixture zk;
    private CuratorFramework observer;
    private final Closer closer = new Closer();
    private final List<Throwable> fatalErrors = new CopyOnWriteArrayList<>();
    private final List<Participant> participants = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        zk = new ZooKeeperFixture(1000); // sessions of 2 .. 20 s
        observer = zk.client();
    }

    @AfterEach
    void stop() throws Exception {
        for (Participant p : participants) {
            p.zooKeeperLink.heal(); // a driver closes through its link; a silent one would wait its close timeout
        }
        closer.close();
        zk.close();
        assertThat(fatalErrors).isEmpty();
    }

    /** A participant: its own ZooKeeper link (which can go silent), election driver, contender and port. */
    private final class Participant {
        final String id;
        final TcpForwarder zooKeeperLink;
        final ZooKeeperLeaderElectionDriver driver;
        final RecordingContender contender;
        final RpcPort port;

        Participant(String id, Duration sessionTimeout, RpcPort port, FastTakeoverSettings takeover) throws Exception {
            this.id = id;
            this.port = port;
            zooKeeperLink = closer.track(new TcpForwarder(zk.server.getPort()));
            CuratorFramework client = zk.client("127.0.0.1:" + zooKeeperLink.port(), false, sessionTimeout);
            driver = closer.track(new ZooKeeperLeaderElectionDriver(client, id, fatalErrors::add));
            driver.startFastTakeover(takeover, port.address());
            contender = new RecordingContender(id);
            contender.election = driver.forComponent("resourcemanager");
            contender.election.startLeaderElection(contender);
            participants.add(this);
        }

        /** kill -9: the port refuses at once, the ZooKeeper session goes silent (held until it expires). */
        void crash() throws IOException {
            zooKeeperLink.blackhole();
            port.close();
        }
    }

    /** A listening port that holds every connection open, as a live Pekko port does, until closed. */
    private final class RpcPort implements AutoCloseable {
        final ServerSocket server;
        final Set<Socket> accepted = ConcurrentHashMap.newKeySet();
        private final Thread acceptor;

        RpcPort(int port) throws IOException {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            closer.track(this);
            acceptor = DaemonThreads.start("rpc-port-" + server.getLocalPort(), () -> {
                while (!server.isClosed()) {
                    try {
                        accepted.add(server.accept());
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
        }

        RpcPort() throws IOException {
            this(0);
        }

        InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", server.getLocalPort());
        }

        /** Closes the port and every connection; returns once the port can be bound again. */
        @Override
        public void close() throws IOException {
            server.close();
            try {
                // A socket closed while a thread is blocked in accept() is released only when that
                // thread wakes: binding the port again before then failed with "Address already in use".
                acceptor.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    private static long epoch(RecordingContender contender) {
        FencingToken token = contender.current;
        return token == null ? -1 : token.epoch();
    }

    @Test
    void aStandbyEndsACrashedLeadersSessionAndTheNextInLineLeadsLongBeforeItExpires() throws Exception {
        Participant leader = new Participant("jm-a", LONG_SESSION, new RpcPort(), ON);
        await().atMost(WAIT).until(leader.contender::leads);
        Participant standby = new Participant("jm-b", Duration.ofSeconds(4), new RpcPort(), ON);
        await().atMost(WAIT).until(() -> standby.driver.participants().size() == 2);
        long leaderSession = sessionOf(leader);

        leader.crash();

        await().atMost(WAIT).until(standby.contender::leads);
        assertThat(epoch(standby.contender)).isEqualTo(2);
        assertThat(standby.driver.fastTakeovers()).isEqualTo(1);
        assertThat(observer.checkExists().forPath(LeaderPaths.sessionCard(leaderSession)))
                .as("the crashed leader's session is closed: its card went with it")
                .isNull();
    }

    @Test
    void aWrongSuspicionDeposesTheLiveLeaderByEpochAndItRejoinsAsAFollower() throws Exception {
        Participant leader = new Participant("jm-a", Duration.ofSeconds(4), new RpcPort(), ON);
        await().atMost(WAIT).until(leader.contender::leads);
        FencingToken oldToken = leader.contender.current;
        Participant standby = new Participant("jm-b", Duration.ofSeconds(4), new RpcPort(), ON);
        await().atMost(WAIT).until(() -> standby.driver.participants().size() == 2);

        leader.port.close(); // its port refuses while it is alive and connected to ZooKeeper

        await().atMost(WAIT).until(() -> standby.contender.leads() && leader.contender.revokes() == 1);
        assertThat(epoch(standby.contender)).isEqualTo(oldToken.epoch() + 1);
        assertThat(leader.contender.leads()).isFalse();
        assertThatThrownBy(() -> leader.driver.writeAsLeader("resourcemanager", oldToken, List.of()))
                .isInstanceOf(LeadershipLostException.class);
        await().atMost(WAIT)
                .alias("the deposed leader rejoins the election with a new session")
                .until(() -> standby.driver.participants().size() == 2);
        assertThat(leader.contender.leads()).isFalse();
    }

    @Test
    void silenceIsNoSignalAFrozenLeaderIsReplacedOnlyWhenItsSessionExpires() throws Exception {
        Participant leader = new Participant("jm-a", Duration.ofSeconds(3), new RpcPort(), ON);
        await().atMost(WAIT).until(leader.contender::leads);
        Participant standby = new Participant("jm-b", Duration.ofSeconds(4), new RpcPort(), ON);
        await().atMost(WAIT).until(() -> standby.driver.participants().size() == 2);

        // SIGSTOP: its kernel still accepts on its port, its ZooKeeper link goes quiet.
        leader.zooKeeperLink.blackhole();

        await().atMost(WAIT).until(standby.contender::leads);
        assertThat(standby.driver.fastTakeovers())
                .as("the successor won by the session's expiry, not by a takeover")
                .isZero();
    }

    @Test
    void aRestartedParticipantEndsTheSessionOfItsPreviousRunAndLeadsWithoutWaitingForExpiry() throws Exception {
        // Below the ephemeral range: a client socket made meanwhile cannot take the port between the runs.
        int port = FreePorts.loopbackBelowEphemeral();
        Participant firstRun = new Participant("jm-a", LONG_SESSION, new RpcPort(port), ON);
        await().atMost(WAIT).until(firstRun.contender::leads);

        firstRun.crash();
        Participant secondRun = new Participant("jm-a", Duration.ofSeconds(4), new RpcPort(port), ON);

        await().atMost(WAIT).until(secondRun.contender::leads);
        assertThat(epoch(secondRun.contender)).isEqualTo(2);
        assertThat(secondRun.driver.fastTakeovers()).isEqualTo(1);
    }

    @Test
    void switchedOffNobodyIsTakenOver() throws Exception {
        Duration leaderSession = Duration.ofSeconds(3);
        Participant leader = new Participant("jm-a", leaderSession, new RpcPort(), ON);
        await().atMost(WAIT).until(leader.contender::leads);
        Participant standby =
                new Participant("jm-b", Duration.ofSeconds(4), new RpcPort(), FastTakeoverSettings.disabled());
        await().atMost(WAIT).until(() -> standby.driver.participants().size() == 2);

        long crashed = System.nanoTime();
        leader.crash();

        await().atMost(WAIT).until(standby.contender::leads);
        // The refused port would end the session within ~0.1 s; switched off, the standby waits for
        // ZooKeeper to expire it: at least T minus the ~T/3 since the leader's last ping (issue 29).
        assertThat(Duration.ofNanos(System.nanoTime() - crashed)).isGreaterThan(leaderSession.dividedBy(2));
        assertThat(standby.driver.fastTakeovers()).isZero();
    }

    private long sessionOf(Participant p) throws Exception {
        for (String child : observer.getChildren().forPath(LeaderPaths.SESSIONS)) {
            byte[] data = observer.getData().forPath(LeaderPaths.SESSIONS + "/" + child);
            SessionCard card = SessionCard.decode(child, data);
            if (card.participant().equals(p.id)) {
                return card.session();
            }
        }
        throw new AssertionError("no session card of " + p.id);
    }
}
