package org.hacp.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.KillSession;
import org.apache.zookeeper.KeeperException;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import org.hacp.ha.zookeeper.ClusterMembers;
import org.hacp.ha.zookeeper.ClusterVersions;
import org.hacp.ha.zookeeper.EmbeddedZooKeeper;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.leader.LeadershipLostException;
import org.hacp.leader.zookeeper.LeaderPaths;
import org.hacp.protocol.ProtocolRange;
import org.hacp.protocol.UnreadableRecordException;
import org.hacp.testing.Closer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ZooKeeperHaServicesTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String COMPONENT = "jobstore";

    private EmbeddedZooKeeper zk;
    private final Closer closer = new Closer();
    private final List<Throwable> fatalErrors = new CopyOnWriteArrayList<>();

    record Job(String name, int tasks) {}

    @BeforeEach
    void setUp() {
        zk = EmbeddedZooKeeper.start(null, 0, Duration.ofSeconds(2));
    }

    @AfterEach
    void tearDown() throws Exception {
        closer.close();
        zk.close();
    }

    private HaConfig config(String extra) {
        return HaConfig.from(ConfigReader.parse("hacp.ha { cluster-id = it, zookeeper { connect-string = \""
                + zk.connectString() + "\", session-timeout = 2s, connection-timeout = 1s } }\n" + extra));
    }

    private ZooKeeperHaServices services(String participant, HaConfig config) {
        ZooKeeperHaServices services = ZooKeeperHaServices.start(config, participant, fatalErrors::add);
        closer.track(services);
        return services;
    }

    @Test
    void withoutAConnectStringARealEmbeddedZooKeeperIsStarted() throws Exception {
        HaConfig config = HaConfig.from(ConfigReader.parse("hacp.ha.zookeeper.session-timeout = 2s"));
        assertThat(config.connectString()).isEmpty();
        ZooKeeperHaServices services = services("jm-1", config);

        assertThat(services.embeddedConnectString()).isPresent();
        TestContender contender = TestContender.join(services, "dispatcher", "jm-1");
        await().atMost(WAIT).until(contender::leads);
        // Published after the grant, on the io thread: a check right after leads() raced it (2 of 3
        // runs of the fast tier beside a chaos run, 2026-12-06).
        await().atMost(WAIT)
                .until(() -> services.client().checkExists().forPath(LeaderPaths.connectionInfo("dispatcher")) != null);
    }

    /** The first key of a component is created in two round trips (its state node first), later ones in one. */
    @Test
    void aCreateAsTheComponentsFirstWriteMakesItsStateNode() throws Exception {
        ZooKeeperHaServices first = services("jm-1", config(""));
        TestContender a = TestContender.join(first, COMPONENT, "jm-1");
        await().atMost(WAIT).until(a::leads);
        HaStateStore store = first.stateStore(COMPONENT);

        store.create(a.current, "job-1", new Job("first", 1));
        store.create(a.current, "job-2", new Job("second", 2));

        assertThat(store.get("job-1", Job.class)).contains(new Job("first", 1));
        assertThat(store.keys()).containsExactly("job-1", "job-2");
        assertThatThrownBy(() -> store.create(a.current, "job-1", new Job("again", 3)))
                .isInstanceOf(StateKeyExistsException.class);
    }

    @Test
    void stateWritesAreFencedByLeadership() throws Exception {
        ZooKeeperHaServices first = services("jm-1", config(""));
        ZooKeeperHaServices second = services("jm-2", config(""));
        TestContender a = TestContender.join(first, COMPONENT, "jm-1");
        await().atMost(WAIT).until(a::leads);
        TestContender b = TestContender.join(second, COMPONENT, "jm-2");
        HaStateStore storeA = first.stateStore(COMPONENT);
        HaStateStore storeB = second.stateStore(COMPONENT);

        storeA.put(a.current, "job-1", new Job("word-count", 4));
        assertThat(storeB.get("job-1", Job.class)).contains(new Job("word-count", 4));
        assertThat(storeB.keys()).containsExactly("job-1");

        // A follower holding some token cannot write.
        assertThatThrownBy(() -> storeB.put(a.current, "job-2", new Job("evil", 1)))
                .isInstanceOf(LeadershipLostException.class);

        // Leadership moves: the old leader's token is refused, the new one works.
        var oldToken = a.current;
        first.electionDriver().close();
        await().atMost(WAIT).until(b::leads);
        assertThatThrownBy(() -> storeA.put(oldToken, "job-1", new Job("overwrite", 9)))
                .isInstanceOf(LeadershipLostException.class);
        assertThatThrownBy(() -> storeA.delete(oldToken, "job-1")).isInstanceOf(LeadershipLostException.class);
        assertThatThrownBy(() -> storeA.create(oldToken, "job-3", new Job("late", 1)))
                .isInstanceOf(LeadershipLostException.class);
        storeB.put(b.current, "job-2", new Job("page-rank", 8));

        // A key taken is refused by create, naming it, and the record there is untouched (FLINK-19358).
        assertThatThrownBy(() -> storeB.create(b.current, "job-1", new Job("collided", 2)))
                .isInstanceOf(StateKeyExistsException.class)
                .hasMessageContaining("'job-1'");
        storeB.create(b.current, "job-3", new Job("created", 3));
        assertThat(storeA.get("job-3", Job.class)).contains(new Job("created", 3));
        assertThat(storeB.get("job-1", Job.class)).contains(new Job("word-count", 4));
        assertThat(storeB.keys()).containsExactly("job-1", "job-2", "job-3");
        storeB.delete(b.current, "job-3");

        assertThat(storeB.get("job-1", Job.class)).contains(new Job("word-count", 4));
        assertThat(storeB.keys()).containsExactly("job-1", "job-2");
        assertThatThrownBy(() -> storeB.put(b.current, "bad/key", 1)).hasMessageContaining("state key 'bad/key'");
    }

    @Test
    void aStandbySeesTheKeysAheadThroughCreationUpdatesDeletionAndItsOwnSessionExpiry() throws Exception {
        ZooKeeperHaServices leader = services("jm-1", config(""));
        ZooKeeperHaServices standby = services("jm-2", config(""));
        TestContender a = TestContender.join(leader, COMPONENT, "jm-1");
        await().atMost(WAIT).until(a::leads);
        HaStateStore written = leader.stateStore(COMPONENT);
        HaStateStore seen = standby.stateStore(COMPONENT);
        assertThat(seen.keysSeen()).isEmpty(); // no state node yet: watched for its creation

        written.put(a.current, "job-1", new Job("first", 1));
        await().atMost(WAIT).until(() -> seen.keysSeen().equals(List.of("job-1")));
        written.put(a.current, "job-1", new Job("first", 2)); // an update in place
        written.put(a.current, "job-2", new Job("second", 1));
        await().atMost(WAIT).until(() -> seen.keysSeen().equals(List.of("job-1", "job-2")));
        assertThat(seen.get("job-1", Job.class)).contains(new Job("first", 2));
        written.delete(a.current, "job-1");
        await().atMost(WAIT).until(() -> seen.keysSeen().equals(List.of("job-2")));

        // An expired session loses its watches; the copy must keep following with the new session.
        long expired = standby.client().getZookeeperClient().getZooKeeper().getSessionId();
        KillSession.kill(standby.client().getZookeeperClient().getZooKeeper());
        await().atMost(WAIT)
                .until(() -> standby.client().getZookeeperClient().isConnected()
                        && standby.client().getZookeeperClient().getZooKeeper().getSessionId() != expired);
        written.put(a.current, "job-3", new Job("third", 1));
        await().atMost(WAIT).until(() -> seen.keysSeen().equals(List.of("job-2", "job-3")));
    }

    /**
     * Issue 32, item 4: a record over hacp.ha.zookeeper.max-record-size is refused naming the
     * record and the limit, counted, and nothing is written: the record before it stays, and the
     * store keeps taking records that fit.
     */
    @Test
    void aRecordOverTheSizeLimitIsRefusedNamingItCountedAndNothingIsWritten() throws Exception {
        ZooKeeperHaServices services = services("jm-1", config("hacp.ha.zookeeper.max-record-size = 1KiB"));
        TestContender a = TestContender.join(services, COMPONENT, "jm-1");
        await().atMost(WAIT).until(a::leads);
        HaStateStore store = services.stateStore(COMPONENT);
        store.put(a.current, "job", new Job("small", 1));

        Job large = new Job("x".repeat(2000), 1);
        assertThatThrownBy(() -> store.put(a.current, "job", large))
                .isInstanceOf(RecordTooLargeException.class)
                .hasMessageContaining("record /state/" + COMPONENT + "/job would be 20")
                .hasMessageContaining("over hacp.ha.zookeeper.max-record-size = 1024 bytes; nothing was written");
        assertThatThrownBy(() -> store.create(a.current, "other", large)).isInstanceOf(RecordTooLargeException.class);

        assertThat(services.recordSizeLimit().refused()).isEqualTo(2);
        assertThat(services.recordSizeLimit().largestBytes())
                .as("the largest record let through, not the refused ones")
                .isEqualTo(StateRecords.encode(new Job("small", 1)).length);
        assertThat(store.get("job", Job.class)).contains(new Job("small", 1));
        assertThat(store.keys()).containsExactly("job");
        store.put(a.current, "job", new Job("fits", 2));
        assertThat(store.get("job", Job.class)).contains(new Job("fits", 2));
    }

    /**
     * Issue 32, item 1: a batch is one fenced transaction per limit's worth of records (records
     * plus paths); a record over the limit is refused and named while the others are written; a key
     * new to the store is created; a deposed writer's batch is refused and writes nothing.
     */
    @Test
    void aBatchIsOneFencedTransactionPerLimitsWorthOfRecords() throws Exception {
        ZooKeeperHaServices first = services("jm-1", config("hacp.ha.zookeeper.max-record-size = 1KiB"));
        ZooKeeperHaServices second = services("jm-2", config("hacp.ha.zookeeper.max-record-size = 1KiB"));
        TestContender a = TestContender.join(first, COMPONENT, "jm-1");
        await().atMost(WAIT).until(a::leads);
        TestContender b = TestContender.join(second, COMPONENT, "jm-2");
        HaStateStore store = first.stateStore(COMPONENT);
        // 300-byte records at /state/jobstore/job-N (20 characters): three fit in 1 KiB, four do not.
        Map<String, Job> nine = new TreeMap<>();
        for (int i = 0; i < 9; i++) {
            store.create(a.current, "job-" + i, new Job("before", i));
            nine.put("job-" + i, new Job("n".repeat(300 - StateRecords.encode(new Job("", i)).length), i));
        }
        assertThat(StateRecords.encode(nine.get("job-0"))).hasSize(300);

        StoredBatch stored = store.putAll(a.current, nine);

        assertThat(stored.transactions()).isEqualTo(3);
        assertThat(stored.refused()).isEmpty();
        for (var e : nine.entrySet()) {
            assertThat(store.get(e.getKey(), Job.class)).contains(e.getValue());
        }

        Map<String, Job> mixed = new TreeMap<>(Map.of(
                "job-0", new Job("updated", 0),
                "job-new", new Job("created", 1),
                "job-1", new Job("x".repeat(2000), 1)));
        stored = store.putAll(a.current, mixed);
        assertThat(stored.refused())
                .singleElement()
                .satisfies(e -> assertThat(e.path()).isEqualTo("/state/" + COMPONENT + "/job-1"));
        assertThat(store.get("job-0", Job.class)).contains(new Job("updated", 0));
        assertThat(store.get("job-new", Job.class)).contains(new Job("created", 1));
        assertThat(store.get("job-1", Job.class)).contains(nine.get("job-1"));

        var oldToken = a.current;
        first.electionDriver().close();
        await().atMost(WAIT).until(b::leads);
        assertThatThrownBy(() ->
                        store.putAll(oldToken, Map.of("job-0", new Job("stale", 0), "job-2", new Job("stale", 2))))
                .isInstanceOf(LeadershipLostException.class);
        assertThat(store.get("job-0", Job.class)).contains(new Job("updated", 0));
        assertThat(store.get("job-2", Job.class)).contains(nine.get("job-2"));
    }

    /**
     * Issue 32, item 2: a bulk read returns every record, more than are ever on the wire at once,
     * leaves out absent keys and names an unreadable record by its path.
     */
    @Test
    void aBulkReadReturnsEveryRecordAndNamesTheUnreadableOnes() throws Exception {
        ZooKeeperHaServices services = services("jm-1", config(""));
        TestContender a = TestContender.join(services, COMPONENT, "jm-1");
        await().atMost(WAIT).until(a::leads);
        HaStateStore store = services.stateStore(COMPONENT);
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            keys.add("job-" + i);
        }
        store.putAll(a.current, keys.stream().collect(Collectors.toMap(k -> k, k -> new Job(k, 1))));
        services.client()
                .setData()
                .forPath("/state/" + COMPONENT + "/job-7", "not json".getBytes(StandardCharsets.UTF_8));
        keys.add("job-absent");

        RecordsRead<Job> read = store.getAll(keys, Job.class);

        assertThat(read.records()).hasSize(299).containsEntry("job-299", new Job("job-299", 1));
        assertThat(read.records()).doesNotContainKeys("job-7", "job-absent");
        assertThat(read.unreadable()).containsOnlyKeys("job-7");
        assertThat(read.unreadable().get("job-7")).hasMessageContaining("/state/" + COMPONENT + "/job-7");
    }

    /**
     * Issue 31: every process announces itself with the protocol versions it speaks while its
     * session lives; the card comes back after the session is lost and goes with a clean close.
     */
    @Test
    void membersAnnounceThemselvesWhileTheirSessionLivesAndAfterItWasLost() throws Exception {
        ZooKeeperHaServices jobManager = services("jm-1", config(""));
        ZooKeeperHaServices taskExecutor = services("te-1", config(""));
        jobManager.members().announce(new MemberCard("jm-1", "jobmanager", ProtocolRange.CURRENT));
        taskExecutor.members().announce(new MemberCard("te-1", "taskexecutor", new ProtocolRange(1, 1)));
        ZooKeeperHaServices reader = services("hactl", config(""));

        await().atMost(WAIT)
                .until(
                        () -> reader.members().list(),
                        members -> members.equals(List.of(
                                new MemberCard("jm-1", "jobmanager", ProtocolRange.CURRENT),
                                new MemberCard("te-1", "taskexecutor", new ProtocolRange(1, 1)))));
        assertThatThrownBy(() ->
                        jobManager.members().announce(new MemberCard("jm-1", "jobmanager", ProtocolRange.CURRENT)))
                .hasMessageContaining("announced itself already");

        String card = ClusterMembers.PATH + "/te-1";
        long firstOwner = reader.client().checkExists().forPath(card).getEphemeralOwner();
        KillSession.kill(taskExecutor.client().getZookeeperClient().getZooKeeper());
        await().atMost(WAIT).until(() -> {
            var stat = reader.client().checkExists().forPath(card);
            return stat != null && stat.getEphemeralOwner() != firstOwner;
        });
        assertThat(reader.members().list()).extracting(MemberCard::id).containsExactly("jm-1", "te-1");

        taskExecutor.members().close();
        await().atMost(WAIT)
                .until(
                        () -> reader.members().list().stream()
                                .map(MemberCard::id)
                                .toList(),
                        ids -> ids.equals(List.of("jm-1")));
    }

    /**
     * Issue 31: a cluster never finalized runs version 1; a finalize moves it up by compare-and-set,
     * so of two finalizes from the same read one is refused, and nothing moves it down.
     */
    @Test
    void theClusterVersionStartsAtOneAndMovesUpOnlyByCompareAndSet() throws Exception {
        ClusterVersions versions = services("hactl", config("")).clusterVersions();
        ClusterVersions.Read fresh = versions.read();
        assertThat(fresh.version()).isEqualTo(ClusterVersion.INITIAL);
        assertThat(fresh.finalized()).isFalse();

        versions.finalizeTo(new ClusterVersion(2), fresh);
        assertThatThrownBy(() -> versions.finalizeTo(new ClusterVersion(3), fresh))
                .isInstanceOf(ClusterVersions.ConcurrentFinalizeException.class)
                .hasMessageContaining("changed while finalizing");
        ClusterVersions.Read two = versions.read();
        assertThat(two.version()).isEqualTo(new ClusterVersion(2));
        assertThat(two.finalized()).isTrue();

        versions.finalizeTo(new ClusterVersion(3), two);
        assertThatThrownBy(() -> versions.finalizeTo(new ClusterVersion(3), two))
                .isInstanceOf(ClusterVersions.ConcurrentFinalizeException.class);
        ClusterVersions.Read three = versions.read();
        assertThatThrownBy(() -> versions.finalizeTo(new ClusterVersion(2), three))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only moves the cluster version up: 2 is not above 3");
        assertThat(versions.read().version()).isEqualTo(new ClusterVersion(3));
    }

    @Test
    void aCorruptClusterVersionIsRefusedNamingItsPath() throws Exception {
        ZooKeeperHaServices services = services("hactl", config(""));
        services.client()
                .create()
                .forPath(ClusterVersions.PATH, "{\"v\":1,\"active\":0}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> services.clusterVersions().read())
                .isInstanceOf(UnreadableRecordException.class)
                .hasMessageContaining(ClusterVersions.PATH)
                .hasMessageContaining("a cluster version is >= 1, not 0");
    }

    @Test
    void aReleaseJoinsOnlyAClusterOfAVersionItSpeaks() {
        assertThat(new ClusterVersion(2).refusalFor(new ProtocolRange(1, 2))).isEmpty();
        assertThat(new ClusterVersion(2).refusalFor(new ProtocolRange(1, 1)))
                .hasValueSatisfying(why -> assertThat(why)
                        .contains("finalized at protocol version 2 and this release speaks 1..1", "one-way"));
        assertThat(new ClusterVersion(1).refusalFor(new ProtocolRange(2, 3)))
                .hasValueSatisfying(why -> assertThat(why)
                        .contains("runs protocol version 1 and this release speaks 2..3 only", "finalized at 2"));
    }

    @Test
    void writeOfALeaderWhoseSessionExpiredIsRefused() throws Exception {
        ZooKeeperHaServices services = services("jm-1", config(""));
        TestContender a = TestContender.join(services, COMPONENT, "jm-1");
        await().atMost(WAIT).until(a::leads);
        var token = a.current;
        HaStateStore store = services.stateStore(COMPONENT);
        store.put(token, "k", new Job("k", 1));

        KillSession.kill(services.client().getZookeeperClient().getZooKeeper());

        await().atMost(WAIT).until(() -> !a.election.hasLeadership(token));
        assertThatThrownBy(() -> store.put(token, "k", new Job("k", 2))).isInstanceOf(LeadershipLostException.class);
        await().atMost(WAIT).until(a::leads);
        assertThat(store.get("k", Job.class)).contains(new Job("k", 1));
    }

    @Test
    void closeKeepsHaDataAndCleanupRemovesIt() throws Exception {
        ZooKeeperHaServices services = services("jm-1", config(""));
        TestContender a = TestContender.join(services, COMPONENT, "jm-1");
        await().atMost(WAIT).until(a::leads);
        services.stateStore(COMPONENT).put(a.current, "job", new Job("kept", 1));
        services.close();

        ZooKeeperHaServices again = services("jm-1", config(""));
        assertThat(again.stateStore(COMPONENT).get("job", Job.class)).contains(new Job("kept", 1));
        assertThat(new String(
                        again.client().getData().forPath(LeaderPaths.epoch(COMPONENT)), StandardCharsets.US_ASCII))
                .isEqualTo("{\"v\":1,\"epoch\":1}");

        again.closeAndCleanupAllData();

        ZooKeeperHaServices fresh = services("jm-1", config(""));
        assertThat(fresh.client().checkExists().forPath("/state")).isNull();
        assertThat(fresh.client().checkExists().forPath(LeaderPaths.epoch(COMPONENT)))
                .isNull();
    }

    @Test
    void withDigestAuthAClientWithoutCredentialsCannotOverwriteLeaderInformation() throws Exception {
        ZooKeeperHaServices services = services("jm-1", config("hacp.ha.zookeeper.auth-digest = \"hacp:s3cret\""));
        TestContender a = TestContender.join(services, "dispatcher", "jm-1");
        await().atMost(WAIT).until(a::leads);
        await().atMost(WAIT)
                .until(() -> services.client().checkExists().forPath(LeaderPaths.connectionInfo("dispatcher")) != null);

        CuratorFramework stranger = ZooKeeperHaServices.newClient(config(""), zk.connectString());
        closer.track(stranger);
        stranger.start();
        stranger.blockUntilConnected();
        assertThatThrownBy(() -> stranger.setData()
                        .forPath(LeaderPaths.connectionInfo("dispatcher"), "{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> stranger.getData().forPath(LeaderPaths.epoch("dispatcher")))
                .isInstanceOf(KeeperException.NoAuthException.class);
        assertThat(a.election.hasLeadership(a.current)).isTrue();
        assertThat(fatalErrors).isEmpty();
    }

    @Test
    void unreachableZooKeeperFailsStartUpNamingTheAddress() {
        HaConfig config = HaConfig.from(
                ConfigReader.parse(
                        "hacp.ha.zookeeper { connect-string = \"127.0.0.1:1\", connection-timeout = 200ms, session-timeout = 2s }"));
        assertThatThrownBy(() -> ZooKeeperHaServices.start(config, "jm-1", fatalErrors::add))
                .isInstanceOf(HaServicesException.class)
                .hasMessageContaining("cannot reach ZooKeeper at 127.0.0.1:1");
    }

    @Test
    void badConfigurationFailsNamingTheKey() {
        Map<String, String> cases = Map.of(
                "hacp.ha.cluster-id = \"a/b\"", "hacp.ha.cluster-id = 'a/b' is not allowed",
                "hacp.ha.zookeeper.root = hacp", "hacp.ha.zookeeper.root = 'hacp' is not allowed",
                "hacp.ha.zookeeper.session-timeout = 10ms", "hacp.ha.zookeeper.session-timeout = 10ms is out of range",
                "hacp.ha.zookeeper.retry.max-retries = 99", "hacp.ha.zookeeper.retry.max-retries = 99 is out of range",
                "hacp.ha.zookeeper.auth-digest = nocolon", "auth-digest must look like user:password",
                "hacp.ha.zookeeper.tolerate-suspended-connections = maybe",
                        "tolerate-suspended-connections: expected true or false");
        cases.forEach((hocon, expected) -> assertThatThrownBy(() -> HaConfig.from(ConfigReader.parse(hocon)))
                .as(hocon)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected));
    }
}
