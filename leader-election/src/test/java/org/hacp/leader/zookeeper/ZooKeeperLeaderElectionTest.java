package org.hacp.leader.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.KillSession;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.data.Stat;
import org.awaitility.core.ConditionTimeoutException;
import org.hacp.fencing.FencingToken;
import org.hacp.leader.LeaderElection;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeaderRetrievalException;
import org.hacp.leader.LeadershipLostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZooKeeperLeaderElectionTest extends ZooKeeperTestBase {
    private static final String COMPONENT = "dispatcher";
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A process: its own client, driver and one contender for COMPONENT. */
    private final class Process {
        final CuratorFramework client;
        final ZooKeeperLeaderElectionDriver driver;
        final RecordingContender contender;
        final LeaderElection election;

        Process(String name) throws Exception {
            this(name, zk.client());
        }

        Process(String name, CuratorFramework client) {
            this.client = client;
            this.driver = zk.track(new ZooKeeperLeaderElectionDriver(client, name, fatalErrors::add));
            this.contender = new RecordingContender(name);
            this.election = driver.forComponent(COMPONENT);
            contender.election = election;
            election.startLeaderElection(contender);
        }
    }

    private RecordingListener retrieve(CuratorFramework client) {
        RecordingListener listener = new RecordingListener();
        zk.track(new ZooKeeperLeaderRetrievalService(client, COMPONENT)).start(listener);
        return listener;
    }

    private static Process awaitSingleLeader(List<Process> processes) {
        await().atMost(WAIT)
                .until(() -> processes.stream().filter(p -> p.contender.leads()).count() == 1);
        return processes.stream().filter(p -> p.contender.leads()).findFirst().orElseThrow();
    }

    @Test
    void electionAndRetrievalRoundTrip() throws Exception {
        Process a = new Process("jm-a");
        RecordingListener listener = retrieve(zk.client());

        await().atMost(WAIT).until(() -> a.contender.leads() && listener.lastIs(a.contender.current));
        FencingToken token = a.contender.current;
        LeaderInformation info = listener.last().orElseThrow();
        assertThat(info.componentId()).isEqualTo(COMPONENT);
        assertThat(info.address()).isEqualTo(a.contender.address());
        assertThat(info.sessionId()).isEqualTo(token.sessionId());
        assertThat(info.epoch()).isEqualTo(token.epoch()).isEqualTo(1);
        assertThat(a.election.hasLeadership(token)).isTrue();
        assertThat(a.election.hasLeadership(FencingToken.mint(1))).isFalse();

        String json = new String(
                zk.client().getData().forPath(LeaderPaths.connectionInfo(COMPONENT)), StandardCharsets.UTF_8);
        assertThat(json)
                .contains("\"address\":\"" + a.contender.address() + "\"")
                .contains("\"epoch\":1")
                .contains("\"sessionId\":\"" + token.sessionId() + "\"");
    }

    @Test
    void leadershipMovesAcrossTenContendersWithStrictlyIncreasingEpochs() throws Exception {
        List<Process> processes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            processes.add(new Process("jm-" + i));
        }
        RecordingListener listener = retrieve(zk.client());
        long lastEpoch = 0;
        List<String> order = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            Process leader = awaitSingleLeader(processes);
            FencingToken token = leader.contender.current;
            await().atMost(WAIT).until(() -> listener.lastIs(token));
            LeaderInformation info = listener.last().orElseThrow();
            assertThat(info.sessionId()).isEqualTo(token.sessionId());
            assertThat(info.address()).isEqualTo(leader.contender.address());
            assertThat(token.epoch()).isGreaterThan(lastEpoch);
            lastEpoch = token.epoch();
            for (Process p : processes) {
                if (p != leader) {
                    assertThat(p.election.hasLeadership(token)).isFalse();
                }
            }
            order.add(leader.contender.name);
            leader.driver.close();
            assertThat(leader.contender.leads()).as("closed leader is revoked").isFalse();
            processes.remove(leader);
        }
        assertThat(order).doesNotHaveDuplicates().hasSize(10);
        await().atMost(WAIT).until(listener::lastIsEmpty);
    }

    @Test
    void contendersReplacedOverManyRoundsKeepOneLeaderAndRisingEpochs() throws Exception {
        List<Process> processes = new ArrayList<>(List.of(new Process("jm-0"), new Process("jm-1")));
        long lastEpoch = 0;
        for (int round = 0; round < 15; round++) {
            Process leader = awaitSingleLeader(processes);
            assertThat(leader.contender.current.epoch()).isGreaterThan(lastEpoch);
            lastEpoch = leader.contender.current.epoch();
            leader.driver.close();
            processes.remove(leader);
            processes.add(new Process("jm-" + (round + 2)));
        }
    }

    @Test
    void leaderClosingLeavesRetrievalWithNoLeader() throws Exception {
        Process a = new Process("jm-a");
        RecordingListener listener = retrieve(zk.client());
        await().atMost(WAIT).until(() -> a.contender.leads() && listener.lastIs(a.contender.current));

        a.election.close();

        await().atMost(WAIT).until(listener::lastIsEmpty);
        assertThat(zk.client().checkExists().forPath(LeaderPaths.connectionInfo(COMPONENT)))
                .isNull();
        assertThat(a.contender.revokes()).isEqualTo(1);
    }

    @Test
    void nonLeaderClosingDoesNotDeleteTheLeadersInformation() throws Exception {
        Process a = new Process("jm-a");
        await().atMost(WAIT).until(() -> a.contender.leads());
        Process b = new Process("jm-b");
        RecordingListener listener = retrieve(zk.client());
        await().atMost(WAIT).until(() -> listener.lastIs(a.contender.current));

        b.driver.close();

        assertThat(zk.client().checkExists().forPath(LeaderPaths.connectionInfo(COMPONENT)))
                .isNotNull();
        assertThat(listener.lastIs(a.contender.current)).isTrue();
        assertThat(a.election.hasLeadership(a.contender.current)).isTrue();
    }

    @Test
    void epochsKeepRisingAcrossARestartOfEveryProcess() throws Exception {
        Process first = new Process("jm-a");
        await().atMost(WAIT).until(() -> first.contender.leads());
        long before = first.contender.current.epoch();
        first.driver.close();
        first.client.close();

        Process restarted = new Process("jm-a");
        await().atMost(WAIT).until(() -> restarted.contender.leads());
        assertThat(restarted.contender.current.epoch()).isEqualTo(before + 1);
        assertThat(restarted.contender.current.sessionId())
                .isNotEqualTo(first.contender.events.get(0).token().sessionId());
    }

    @Test
    void componentsSharingOneLatchGetTheirOwnEpochs() throws Exception {
        CuratorFramework client = zk.client();
        ZooKeeperLeaderElectionDriver driver =
                zk.track(new ZooKeeperLeaderElectionDriver(client, "jm-a", fatalErrors::add));
        RecordingContender dispatcher = new RecordingContender("dispatcher");
        RecordingContender resourceManager = new RecordingContender("resourcemanager");
        dispatcher.election = driver.forComponent("dispatcher");
        resourceManager.election = driver.forComponent("resourcemanager");
        client.create()
                .creatingParentsIfNeeded()
                .forPath(LeaderPaths.epoch("resourcemanager"), EpochCounter.encode(41));
        dispatcher.election.startLeaderElection(dispatcher);
        resourceManager.election.startLeaderElection(resourceManager);

        await().atMost(WAIT).until(() -> dispatcher.leads() && resourceManager.leads());
        assertThat(dispatcher.current.epoch()).isEqualTo(1);
        assertThat(resourceManager.current.epoch()).isEqualTo(42);
        assertThat(driver.participants()).hasSize(1);
        assertThatThrownBy(() -> driver.forComponent("dispatcher")).hasMessageContaining("already has an election");
    }

    @Test
    void corruptLeaderInformationReachesTheListenerAndWatchingGoesOn() throws Exception {
        CuratorFramework client = zk.client();
        client.create()
                .creatingParentsIfNeeded()
                .forPath(LeaderPaths.connectionInfo(COMPONENT), "not json {".getBytes(StandardCharsets.UTF_8));
        RecordingListener listener = retrieve(zk.client());

        await().atMost(WAIT).until(() -> !listener.errors.isEmpty());
        assertThat(listener.errors.get(0))
                .isInstanceOf(LeaderRetrievalException.class)
                .hasMessageContaining("/leader/dispatcher/connection_info")
                .hasMessageContaining("unreadable: not JSON");

        client.delete().forPath(LeaderPaths.connectionInfo(COMPONENT));
        Process a = new Process("jm-a");
        await().atMost(WAIT).until(() -> a.contender.leads() && listener.lastIs(a.contender.current));
    }

    @ParameterizedTest
    @ValueSource(strings = {"seven", "-3", "9223372036854775807"})
    void anEpochNodeThatCannotGiveAHigherEpochRefusesLeadershipLoudly(String epoch) throws Exception {
        String stored = "{\"v\":1,\"epoch\":" + (epoch.matches("-?[0-9]+") ? epoch : "\"" + epoch + "\"") + "}";
        zk.client()
                .create()
                .creatingParentsIfNeeded()
                .forPath(LeaderPaths.epoch(COMPONENT), stored.getBytes(StandardCharsets.US_ASCII));
        Process a = new Process("jm-a");
        await().atMost(WAIT).until(() -> !a.contender.errors.isEmpty());
        assertThat(a.contender.errors.get(0))
                .hasMessageContaining(LeaderPaths.epoch(COMPONENT))
                .hasMessageContaining(epoch);
        assertThat(a.contender.leads()).isFalse();
        // Issue 13, item 2: at Long.MAX the counter is left as it was (no negative epoch is written).
        assertThat(new String(zk.client().getData().forPath(LeaderPaths.epoch(COMPONENT)), StandardCharsets.US_ASCII))
                .isEqualTo(stored);
        assertThat(fatalErrors).hasSize(1);
        fatalErrors.clear();
    }

    /**
     * Issue 12, item 5: an outsider who rewrites the leader information with an epoch near Long.MAX
     * used to blind every retriever to the real leader (the never-lower rule then ignored it) until
     * restarted. An epoch above the component's counter is rejected and not remembered.
     */
    @Test
    void aForgedEpochAboveTheCounterIsRejectedAndDoesNotBlindRetrieval() throws Exception {
        Process a = new Process("jm-a");
        RecordingListener listener = retrieve(zk.client());
        await().atMost(WAIT).until(() -> a.contender.leads() && listener.lastIs(a.contender.current));
        FencingToken real = a.contender.current;
        CuratorFramework intruder = zk.client();
        byte[] forged = LeaderInformationCodec.encode(new LeaderInformation(
                COMPONENT,
                "pekko://hacp@127.0.0.1:1/user/rpc/evil",
                UUID.randomUUID(),
                Long.MAX_VALUE - 1,
                Instant.now()));
        int before = listener.notifications.size();

        intruder.setData().forPath(LeaderPaths.connectionInfo(COMPONENT), forged);

        // The leader puts its own information back; the retriever never took the forged one.
        String path = LeaderPaths.connectionInfo(COMPONENT);
        await().atMost(WAIT)
                .until(() -> LeaderInformationCodec.decode(
                                path, intruder.getData().forPath(path))
                        .token()
                        .equals(real));
        assertThat(listener.notifications.subList(before, listener.notifications.size()))
                .noneMatch(n -> n.isPresent() && n.get().epoch() == Long.MAX_VALUE - 1);
        assertThat(listener.lastIs(real)).isTrue();

        // A real successor at a higher epoch is still followed.
        Process b = new Process("jm-b");
        a.election.close();
        await().atMost(WAIT).until(() -> b.contender.leads() && listener.lastIs(b.contender.current));
    }

    @Test
    void informationChangedOrDeletedWhileLeadingIsRestoredOnceWithoutLoops() throws Exception {
        Process a = new Process("jm-a");
        RecordingListener listener = retrieve(zk.client());
        await().atMost(WAIT).until(() -> a.contender.leads() && listener.lastIs(a.contender.current));
        CuratorFramework intruder = zk.client();
        String path = LeaderPaths.connectionInfo(COMPONENT);
        byte[] ours = intruder.getData().forPath(path);

        intruder.setData().forPath(path, "{\"vandalised\":true}".getBytes(StandardCharsets.UTF_8));
        await().atMost(WAIT).until(() -> Arrays.equals(intruder.getData().forPath(path), ours));
        intruder.delete().forPath(path);
        await().atMost(WAIT).until(() -> {
            Stat stat = intruder.checkExists().forPath(path);
            return stat != null && Arrays.equals(intruder.getData().forPath(path), ours);
        });

        // Settled: no further rewrites happen on their own.
        Stat settled = intruder.checkExists().forPath(path);
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() -> intruder.checkExists().forPath(path).getMzxid() == settled.getMzxid());
    }

    /**
     * Issue 32: owned components' leader information goes out many in one transaction (250 in
     * three), replacing what an earlier publication left, and a leadership whose epoch was
     * superseded publishes none of them.
     */
    @Test
    void ownedComponentsArePublishedTogetherAndNotAtAllByASupersededLeadership() throws Exception {
        Process a = new Process("jm-a");
        await().atMost(WAIT).until(a.contender::leads);
        FencingToken token = a.contender.current;
        CuratorFramework admin = zk.client();
        a.election.publishOwned(Map.of("jobmaster-0", "pekko://old/0"), token).get(10, TimeUnit.SECONDS);
        Map<String, String> owned = new TreeMap<>();
        for (int i = 0; i < 250; i++) {
            owned.put("jobmaster-" + i, "pekko://hacp@127.0.0.1:1/user/rpc/jobmaster-" + i);
        }

        a.election.publishOwned(owned, token).get(10, TimeUnit.SECONDS);

        for (var e : owned.entrySet()) {
            String path = LeaderPaths.connectionInfo(e.getKey());
            LeaderInformation info =
                    LeaderInformationCodec.decode(path, admin.getData().forPath(path));
            assertThat(info.componentId()).isEqualTo(e.getKey());
            assertThat(info.address()).isEqualTo(e.getValue());
            assertThat(info.epoch()).isEqualTo(token.epoch());
        }

        admin.setData().forPath(LeaderPaths.epoch(COMPONENT), EpochCounter.encode(99)); // a successor's mint
        assertThatThrownBy(() -> a.election
                        .publishOwned(
                                Map.of("jobmaster-0", "pekko://zombie/0", "jobmaster-new", "pekko://zombie/n"), token)
                        .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(LeadershipLostException.class);
        String path = LeaderPaths.connectionInfo("jobmaster-0");
        assertThat(LeaderInformationCodec.decode(path, admin.getData().forPath(path))
                        .address())
                .isEqualTo(owned.get("jobmaster-0"));
        assertThat(admin.checkExists().forPath(LeaderPaths.connectionInfo("jobmaster-new")))
                .isNull();
    }

    /**
     * Issue 32: at the end of an election the owned nodes that still hold what it wrote are
     * removed together (250 here), and a node a successor replaced meanwhile is left alone.
     */
    @Test
    void ownedComponentsAreRemovedTogetherAtTheEndExceptWhatASuccessorReplaced() throws Exception {
        Process a = new Process("jm-a");
        await().atMost(WAIT).until(a.contender::leads);
        CuratorFramework admin = zk.client();
        Map<String, String> owned = new TreeMap<>();
        for (int i = 0; i < 250; i++) {
            owned.put("jobmaster-" + i, "pekko://hacp@127.0.0.1:1/user/rpc/jobmaster-" + i);
        }
        a.election.publishOwned(owned, a.contender.current).get(10, TimeUnit.SECONDS);
        String replaced = LeaderPaths.connectionInfo("jobmaster-7");
        admin.setData().forPath(replaced, "a successor's".getBytes(StandardCharsets.UTF_8));

        a.election.close();

        for (String ownedComponentId : owned.keySet()) {
            String path = LeaderPaths.connectionInfo(ownedComponentId);
            if (path.equals(replaced)) {
                assertThat(admin.getData().forPath(path))
                        .asString(StandardCharsets.UTF_8)
                        .isEqualTo("a successor's");
            } else {
                assertThat(admin.checkExists().forPath(path)).as(path).isNull();
            }
        }
    }

    @Test
    void writesOfALeaderWhoseEpochWasSupersededAreRefusedByZooKeeper() throws Exception {
        Process a = new Process("jm-a");
        RecordingListener listener = retrieve(zk.client());
        await().atMost(WAIT).until(() -> a.contender.leads() && listener.lastIs(a.contender.current));
        FencingToken zombieToken = a.contender.current;
        CuratorFramework admin = zk.client();
        byte[] before = admin.getData().forPath(LeaderPaths.connectionInfo(COMPONENT));

        // What a successor's mint does to the epoch node. a's latch node is untouched, so a still believes
        // it leads: only ZooKeeper's check of the epoch version can stop its writes.
        admin.setData().forPath(LeaderPaths.epoch(COMPONENT), EpochCounter.encode(99));
        assertThat(a.election.hasLeadership(zombieToken))
                .as("the zombie still believes it leads")
                .isTrue();

        assertThatThrownBy(() -> a.election
                        .confirmLeadership(zombieToken, "pekko://zombie")
                        .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(LeadershipLostException.class)
                .hasMessageContaining("a newer epoch was minted");
        assertThatThrownBy(() -> a.driver.writeAsLeader(
                        COMPONENT,
                        zombieToken,
                        List.of(a.client
                                .transactionOp()
                                .create()
                                .withMode(CreateMode.PERSISTENT)
                                .forPath("/zombie-write", new byte[0]))))
                .isInstanceOf(LeadershipLostException.class);

        assertThat(admin.getData().forPath(LeaderPaths.connectionInfo(COMPONENT)))
                .isEqualTo(before);
        assertThat(admin.checkExists().forPath("/zombie-write")).isNull();
    }

    @Test
    void leaderWhoseLatchNodeIsDeletedOnTheServerRevokesRejoinsAndCannotWrite() throws Exception {
        Process a = new Process("jm-a");
        await().atMost(WAIT).until(() -> a.contender.leads());
        Process b = new Process("jm-b");
        RecordingListener listener = retrieve(zk.client());
        FencingToken zombieToken = a.contender.current;
        await().atMost(WAIT).until(() -> listener.lastIs(zombieToken));
        CuratorFramework admin = zk.client();
        String aNode = admin.getChildren().forPath(LeaderPaths.LATCH).stream()
                .min(Comparator.comparing(n -> n.substring(n.lastIndexOf('-'))))
                .orElseThrow();

        admin.delete().forPath(LeaderPaths.LATCH + "/" + aNode);

        await().atMost(WAIT).until(() -> b.contender.leads() && listener.lastIs(b.contender.current));
        await().atMost(WAIT).until(() -> a.contender.revokes() == 1 && !a.election.hasLeadership(zombieToken));
        assertThat(b.contender.current.epoch()).isGreaterThan(zombieToken.epoch());
        assertThatThrownBy(() -> a.election
                        .confirmLeadership(zombieToken, "pekko://zombie")
                        .get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(LeadershipLostException.class);
        assertThat(listener.lastIs(b.contender.current)).isTrue();
        assertThat(admin.getChildren().forPath(LeaderPaths.LATCH)).hasSize(2); // a rejoined behind b
    }

    /**
     * A standby whose latch node's owner was read while it waited in line takes up leadership
     * without reading it again (issue 16); the node must still be watched, so its deletion on the
     * server revokes the leadership exactly as for a leader that read the owner when it won.
     */
    @Test
    void aWinWithTheOwnerReadAheadStillRevokesWhenTheLatchNodeIsDeleted() throws Exception {
        Process a = new Process("jm-a");
        await().atMost(WAIT).until(() -> a.contender.leads());
        Process b = new Process("jm-b");
        await().atMost(WAIT).until(b.driver::ownerOfLatchNodeReadAhead);

        a.election.close();

        await().atMost(WAIT).until(() -> b.contender.leads());
        FencingToken won = b.contender.current;
        CuratorFramework admin = zk.client();
        String bNode = admin.getChildren().forPath(LeaderPaths.LATCH).stream()
                .min(LeaderPaths.LATCH_ORDER)
                .orElseThrow();
        admin.delete().forPath(LeaderPaths.LATCH + "/" + bNode);

        await().atMost(WAIT).until(() -> b.contender.revokes() >= 1 && !b.election.hasLeadership(won));
        // Alone in the election, it rejoins with a new node and leads again at a higher epoch.
        await().atMost(WAIT).until(() -> {
            FencingToken now = b.contender.current;
            return now != null && now.epoch() > won.epoch();
        });
        assertThat(fatalErrors).isEmpty();
    }

    @Test
    void expiredSessionRevokesAndThenPublishIsRefused() throws Exception {
        Process a = new Process("jm-a");
        await().atMost(WAIT).until(() -> a.contender.leads());
        FencingToken old = a.contender.current;

        KillSession.kill(a.client.getZookeeperClient().getZooKeeper());

        await().atMost(WAIT).until(() -> a.contender.revokes() >= 1);
        assertThat(a.election.hasLeadership(old)).isFalse();
        assertThatThrownBy(
                        () -> a.election.confirmLeadership(old, "pekko://late").get(10, TimeUnit.SECONDS))
                .cause()
                .isInstanceOf(LeadershipLostException.class);
        // It rejoins with a new session and, being alone, leads again at a higher epoch.
        await().atMost(WAIT).until(() -> a.contender.leads() && a.contender.current.epoch() > old.epoch());
    }

    @Test
    void deletedLatchParentRecovers() throws Exception {
        Process a = new Process("jm-a");
        Process b = new Process("jm-b");
        Process leader = awaitSingleLeader(List.of(a, b));
        long epoch = leader.contender.current.epoch();

        zk.client().delete().deletingChildrenIfNeeded().forPath(LeaderPaths.LATCH);

        try {
            await().atMost(WAIT)
                    .until(() -> List.of(a, b).stream()
                                    .filter(p -> p.contender.leads() && p.contender.current.epoch() > epoch)
                                    .count()
                            == 1);
        } catch (ConditionTimeoutException e) {
            CuratorFramework admin = zk.client();
            StringBuilder dump = new StringBuilder("stuck after deleting the latch parent:\n");
            for (String child : admin.getChildren().forPath(LeaderPaths.LATCH)) {
                Stat st = admin.checkExists().forPath(LeaderPaths.LATCH + "/" + child);
                dump.append("  node ")
                        .append(child)
                        .append(" owner 0x")
                        .append(Long.toHexString(st.getEphemeralOwner()))
                        .append('\n');
            }
            for (Process p : List.of(a, b)) {
                dump.append("  ")
                        .append(p.contender.name)
                        .append(" session 0x")
                        .append(Long.toHexString(
                                p.client.getZookeeperClient().getZooKeeper().getSessionId()))
                        .append(" leads=")
                        .append(p.contender.leads())
                        .append(" participants=")
                        .append(p.driver.participants())
                        .append('\n');
            }
            throw new AssertionError(dump.toString(), e);
        }
        Stat parent = zk.client().checkExists().forPath(LeaderPaths.LATCH);
        assertThat(parent).isNotNull();
        assertThat(parent.getEphemeralOwner()).isZero();
    }

    @Test
    void retrievalNeverReportsALowerEpoch() throws Exception {
        Process a = new Process("jm-a");
        RecordingListener listener = retrieve(zk.client());
        await().atMost(WAIT).until(() -> a.contender.leads() && listener.lastIs(a.contender.current));
        a.driver.close();
        await().atMost(WAIT).until(listener::lastIsEmpty);
        int seen = listener.notifications.size();

        LeaderInformation older = new LeaderInformation(COMPONENT, "pekko://old", UUID.randomUUID(), 0, Instant.now());
        zk.client()
                .create()
                .withMode(CreateMode.PERSISTENT)
                .forPath(LeaderPaths.connectionInfo(COMPONENT), LeaderInformationCodec.encode(older));

        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(3))
                .until(() -> listener.notifications.size() == seen);
        assertThat(listener.last()).isEqualTo(Optional.empty());
    }
}
