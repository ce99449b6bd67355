package org.hacp.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.dispatcher.DispatcherGateway;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.job.JobRecord;
import org.hacp.cluster.job.JobSpec;
import org.hacp.cluster.job.JobStatus;
import org.hacp.cluster.job.TaskDeployment;
import org.hacp.cluster.jobmanager.JobManager;
import org.hacp.cluster.jobmaster.JobMaster;
import org.hacp.cluster.taskexecutor.TaskExecutor;
import org.hacp.cluster.taskexecutor.TaskExecutorGateway;
import org.hacp.config.ConfigReader;
import org.hacp.fencing.FencingToken;
import org.hacp.fencing.FencingTokenException;
import org.hacp.ha.HaConfig;
import org.hacp.ha.zookeeper.EmbeddedZooKeeper;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.leader.LatestLeader;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeaderRetrievalService;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.TestRpcSystems;
import org.hacp.testing.Closer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leadership moves between JobManagers on real ZooKeeper; TaskExecutors and jobs follow. */
class FailoverIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    private EmbeddedZooKeeper zk;
    private HaConfig haConfig;
    private final Closer closer = new Closer();

    @BeforeEach
    void setUp() {
        zk = EmbeddedZooKeeper.start(null, 0, Duration.ofSeconds(2));
        haConfig = HaConfig.from(ConfigReader.parse("hacp.ha { cluster-id = failover, zookeeper { connect-string = \""
                + zk.connectString() + "\", session-timeout = 2s, connection-timeout = 1s } }"));
    }

    @AfterEach
    void tearDown() throws Exception {
        closer.close();
        zk.close();
    }

    /** A "process": its own RPC service and HA services. */
    private final class Node implements AutoCloseable {
        final RpcService rpc = TestRpcSystems.remote(RpcConfig.defaults());
        final ZooKeeperHaServices ha;

        Node(String id) {
            ha = ZooKeeperHaServices.start(haConfig, id, e -> {});
            closer.track(this);
        }

        @Override
        public void close() throws Exception {
            ha.close();
            rpc.closeAsync().get(30, TimeUnit.SECONDS);
        }
    }

    private JobManager jobManager(String id) {
        Node node = new Node(id);
        JobManager jm = new JobManager(id, node.rpc, node.ha, Duration.ofSeconds(3), EventLog.none());
        closer.track(jm);
        return jm;
    }

    private TaskExecutor taskExecutor(String id) {
        return taskExecutor(id, EventLog.none());
    }

    private TaskExecutor taskExecutor(String id, EventLog events) {
        Node node = new Node(id);
        TaskExecutor te = new TaskExecutor(
                node.rpc,
                id,
                2,
                new TaskExecutor.Timing(
                        Duration.ofMillis(200), Duration.ofSeconds(3), Duration.ofMillis(50), Duration.ofMillis(500)),
                node.ha.leaderRetriever("resourcemanager"),
                events);
        te.start();
        return te;
    }

    /** Follows the dispatcher leader from a client process. */
    private LatestLeader followDispatcher() {
        return follow("dispatcher");
    }

    /** Follows the leader of {@code component} from a client process. */
    private LatestLeader follow(String component) {
        Node client = new Node("client");
        LatestLeader leader = new LatestLeader(component);
        LeaderRetrievalService retrieval = client.ha.leaderRetriever(component);
        closer.track(retrieval);
        retrieval.start(leader);
        clientRpc = client.rpc;
        return leader;
    }

    private RpcService clientRpc;

    private DispatcherGateway dispatcherOf(LeaderInformation info) throws Exception {
        return clientRpc
                .connect(info.address(), info.token(), DispatcherGateway.class)
                .get(10, TimeUnit.SECONDS);
    }

    private static JobStatus statusOf(DispatcherGateway dispatcher, String jobId) throws Exception {
        return dispatcher.listJobs().get(10, TimeUnit.SECONDS).stream()
                .filter(j -> j.jobId().equals(jobId))
                .findFirst()
                .orElse(null);
    }

    /**
     * Issue 13, item 3: a leader whose component endpoint terminates leaves the elections and
     * reports a fatal error, so another JobManager leads (it used to keep the leadership of a
     * component nobody served).
     */
    @Test
    void aLeaderWhoseEndpointTerminatesStepsAsideAndReportsAFatalError() throws Exception {
        List<Throwable> fatal = new CopyOnWriteArrayList<>();
        Node node = new Node("jm-a");
        JobManager a = closer.track(new JobManager(
                "jm-a",
                node.rpc,
                node.ha,
                Duration.ofSeconds(3),
                JobManager.DEFAULT_CHECKPOINT_INTERVAL,
                EventLog.none(),
                fatal::add));
        await().atMost(WAIT)
                .until(() -> a.dispatcher().getFencingToken() != null
                        && a.resourceManager().getFencingToken() != null);
        long before = a.dispatcher().getFencingToken().epoch();
        JobManager b = jobManager("jm-b");

        a.dispatcher().closeAsync().get(10, TimeUnit.SECONDS);

        await().atMost(WAIT)
                .until(() -> b.dispatcher().getFencingToken() != null
                        && b.resourceManager().getFencingToken() != null);
        assertThat(b.dispatcher().getFencingToken().epoch()).isGreaterThan(before);
        assertThat(a.resourceManager().getFencingToken())
                .as("revoked with the dispatcher")
                .isNull();
        assertThat(fatal)
                .singleElement()
                .satisfies(e ->
                        assertThat(e).hasMessageContaining("the dispatcher endpoint of JobManager 'jm-a' terminated"));
    }

    /**
     * Issue 12, item 4: a handover names a current participant, and a handover intent whose
     * deadline no step-down could have written (forged: a day away) is ignored, so it cannot make
     * every new leader step aside until then.
     */
    @Test
    void aHandoverToANonParticipantIsRefusedAndAnEndlessIntentIsIgnored() throws Exception {
        JobManager a = jobManager("jm-a");
        await().atMost(WAIT).until(() -> a.dispatcher().getFencingToken() != null);
        LatestLeader dispatcherLeader = followDispatcher();
        await().atMost(WAIT).until(() -> dispatcherLeader.get() != null);
        DispatcherGateway leader = dispatcherOf(dispatcherLeader.get());
        assertThatThrownBy(() -> leader.stepDown(1000, "jm-nobody").get(10, TimeUnit.SECONDS))
                .hasMessageContaining("successor 'jm-nobody' is not in the election");
        FencingToken before = a.dispatcher().getFencingToken();
        assertThat(before).as("still leads").isNotNull();

        ZooKeeperHaServices intruder = new Node("intruder").ha;
        intruder.client()
                .create()
                .creatingParentsIfNeeded()
                .forPath(
                        "/state/" + Component.DISPATCHER.id() + "/handover-intent",
                        ("{\"v\":1,\"successor\":\"jm-nobody\",\"stayOutMillis\":"
                                        + Duration.ofDays(1).toMillis() + ",\"writtenAtEpoch\":1}")
                                .getBytes(UTF_8));
        a.stepDown(0);

        // The new leadership drops the endless intent instead of stepping aside for it, and stays.
        String intent = "/state/" + Component.DISPATCHER.id() + "/handover-intent";
        await().atMost(WAIT).until(() -> intruder.client().checkExists().forPath(intent) == null);
        await().atMost(WAIT)
                .until(() -> a.dispatcher().getFencingToken() != null
                        && a.dispatcher().getFencingToken().epoch() > before.epoch());
        long epoch = a.dispatcher().getFencingToken().epoch();
        LatestLeader published = follow(Component.DISPATCHER.id());
        await().atMost(WAIT)
                .until(() -> published.get() != null && published.get().epoch() == epoch);
    }

    /** Issue 13, item 1: recovery goes on past a record it cannot read, and says which. */
    @Test
    void aCorruptJobRecordIsSkippedAndReportedWhileTheOthersAreRecovered() throws Exception {
        JobManager a = jobManager("jm-a");
        await().atMost(WAIT).until(() -> a.dispatcher().getFencingToken() != null);
        JobManager b = jobManager("jm-b");
        LatestLeader dispatcherLeader = followDispatcher();
        await().atMost(WAIT).until(() -> dispatcherLeader.get() != null);
        DispatcherGateway first = dispatcherOf(dispatcherLeader.get());
        // Keys are listed in order: the corrupt record comes first, so a recovery that stops there loses the other.
        String corrupt =
                first.submitJob(new JobSpec("a-corrupt", 1, 1_000_000, 100)).get(10, TimeUnit.SECONDS);
        String good = first.submitJob(new JobSpec("b-good", 1, 1_000_000, 100)).get(10, TimeUnit.SECONDS);
        String corruptKey = JobRecord.storeKey(corrupt);
        assertThat(corruptKey).isLessThan(JobRecord.storeKey(good));
        ZooKeeperHaServices observer = new Node("observer").ha;
        observer.client()
                .setData()
                .forPath("/state/" + Component.DISPATCHER.id() + "/" + corruptKey, "{\"jobId\": [1, 2".getBytes(UTF_8));

        a.close();

        await().atMost(WAIT).until(() -> b.dispatcher().runningJobMasters().contains(good));
        assertThat(b.dispatcher().runningJobMasters()).doesNotContain(corrupt);
        assertThat(b.dispatcher().unreadableJobRecords()).containsOnlyKeys(corruptKey);
        assertThat(b.dispatcher().unreadableJobRecords().get(corruptKey)).containsPattern("^\\w+Exception: .+");
        assertThat(statusOf(dispatcherOf(dispatcherLeader.get()), good)).isNotNull();
    }

    @Test
    void jobSubmittedBeforeFailoverCompletesAfterItExactlyOnce() throws Exception {
        JobManager a = jobManager("jm-a");
        await().atMost(WAIT)
                .until(() -> a.dispatcher().getFencingToken() != null
                        && a.resourceManager().getFencingToken() != null);
        JobManager b = jobManager("jm-b");
        TaskExecutor te1 = taskExecutor("te-1");
        TaskExecutor te2 = taskExecutor("te-2");
        FencingToken firstRm = a.resourceManager().getFencingToken();
        await().atMost(WAIT).until(() -> firstRm.equals(te1.registeredWith()) && firstRm.equals(te2.registeredWith()));
        LatestLeader dispatcherLeader = followDispatcher();
        await().atMost(WAIT).until(() -> dispatcherLeader.get() != null);

        DispatcherGateway first = dispatcherOf(dispatcherLeader.get());
        String jobId = first.submitJob(new JobSpec("word-count", 4, 40, 50)).get(10, TimeUnit.SECONDS);
        assertThat(a.dispatcher().completions()).isZero();
        await().atMost(WAIT).until(() -> statusOf(first, jobId).ticksCompleted() > 10);
        assertThat(a.dispatcher().runningJobMasters()).containsExactly(jobId);
        LatestLeader jobMaster = follow(Component.jobMasterElectionId(jobId));
        long firstEpoch = a.dispatcher().getFencingToken().epoch();
        await().atMost(WAIT)
                .until(() -> jobMaster.get() != null && jobMaster.get().epoch() == firstEpoch);
        assertThat(jobMaster.get().address()).contains("jobmaster-" + jobId + "-e" + firstEpoch);
        JobStatus before = statusOf(first, jobId);
        assertThat(before.finished()).isFalse();

        a.close(); // planned handover: jm-a revokes and leaves both elections

        await().atMost(WAIT)
                .until(() -> b.dispatcher().getFencingToken() != null
                        && b.resourceManager().getFencingToken() != null);
        FencingToken secondRm = b.resourceManager().getFencingToken();
        assertThat(secondRm.epoch()).isGreaterThan(firstRm.epoch());
        await().atMost(WAIT)
                .until(() -> secondRm.equals(te1.registeredWith()) && secondRm.equals(te2.registeredWith()));
        assertThat(te1.registrations()).isGreaterThanOrEqualTo(2);
        await().atMost(WAIT)
                .until(() -> dispatcherLeader.get() != null
                        && dispatcherLeader
                                .get()
                                .address()
                                .equals(b.dispatcher().getAddress()));
        DispatcherGateway second = dispatcherOf(dispatcherLeader.get());
        await().atMost(WAIT).until(() -> b.dispatcher().runningJobMasters().contains(jobId));
        long secondEpoch = b.dispatcher().getFencingToken().epoch();
        await().atMost(WAIT)
                .until(() -> jobMaster.get() != null && jobMaster.get().epoch() == secondEpoch);
        assertThat(jobMaster.get().address())
                .contains("jobmaster-" + jobId + "-e" + secondEpoch)
                .contains(b.dispatcher().getAddress().replace("/dispatcher", ""));
        await().atMost(WAIT).until(() -> {
            JobStatus s = statusOf(second, jobId);
            return s != null && s.finished();
        });

        ZooKeeperHaServices observer = new Node("observer").ha;
        Optional<JobRecord> stored = observer.stateStore("dispatcher").get(JobRecord.storeKey(jobId), JobRecord.class);
        assertThat(stored).isPresent();
        assertThat(stored.get().finished()).isTrue();
        assertThat(stored.get().ticksCompleted()).isEqualTo(4 * 40);
        assertThat(observer.stateStore("dispatcher").get(JobRecord.resultKey(jobId), JobMaster.JobResult.class))
                .isPresent();
        assertThat(a.dispatcher().completions() + b.dispatcher().completions())
                .as("completed exactly once")
                .isEqualTo(1);
    }

    /**
     * Issue 17: a TaskExecutor that stops while it runs a job's tasks loses them, and the same
     * leadership places them again elsewhere from their progress. Before the JobMaster watched its
     * tasks, the job waited for a leader change that never came (IP chaos scenario bridge).
     */
    @Test
    void tasksOfAStoppedTaskExecutorArePlacedAgainUnderTheSameLeader() throws Exception {
        JobManager a = jobManager("jm-a");
        await().atMost(WAIT)
                .until(() -> a.dispatcher().getFencingToken() != null
                        && a.resourceManager().getFencingToken() != null);
        FencingToken rm = a.resourceManager().getFencingToken();
        TaskExecutor doomed = taskExecutor("te-doomed");
        await().atMost(WAIT).until(() -> rm.equals(doomed.registeredWith()));
        LatestLeader dispatcherLeader = followDispatcher();
        await().atMost(WAIT).until(() -> dispatcherLeader.get() != null);
        DispatcherGateway dispatcher = dispatcherOf(dispatcherLeader.get());
        String jobId = dispatcher.submitJob(new JobSpec("survivor", 2, 60, 50)).get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> statusOf(dispatcher, jobId).ticksCompleted() > 10);
        TaskExecutor spare = taskExecutor("te-spare");
        await().atMost(WAIT).until(() -> rm.equals(spare.registeredWith()));
        assertThat(spare.runningTasks().get(10, TimeUnit.SECONDS))
                .as("both tasks run on the doomed TaskExecutor")
                .isEmpty();

        doomed.closeAsync().get(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> statusOf(dispatcher, jobId).finished());
        assertThat(a.resourceManager().getFencingToken()).as("no leader change").isEqualTo(rm);
        assertThat(a.dispatcher().completions()).isEqualTo(1);
    }

    @Test
    void commandsOfTheDeposedLeaderAreRejectedByTaskExecutors(@TempDir Path dir) throws Exception {
        JobManager a = jobManager("jm-a");
        await().atMost(WAIT).until(() -> a.resourceManager().getFencingToken() != null);
        JobManager b = jobManager("jm-b");
        Path eventFile = dir.resolve("te-1.events.jsonl");
        EventLog events = EventLog.open(eventFile, "te-1");
        closer.track(events);
        TaskExecutor te = taskExecutor("te-1", events);
        FencingToken deposed = a.resourceManager().getFencingToken();
        await().atMost(WAIT).until(() -> deposed.equals(te.registeredWith()));
        RpcService zombieRpc = new Node("zombie").rpc;
        TaskExecutorGateway asDeposedLeader = zombieRpc
                .connect(te.getAddress(), deposed, TaskExecutorGateway.class)
                .get(10, TimeUnit.SECONDS);

        a.close();
        await().atMost(WAIT)
                .until(() -> b.resourceManager().getFencingToken() != null
                        && b.resourceManager().getFencingToken().equals(te.registeredWith()));

        TaskDeployment stale =
                new TaskDeployment("zombie-job", 0, 0, 10, 10, "pekko://hacp@127.0.0.1:1/user/rpc/dispatcher", deposed);
        assertThatThrownBy(() -> asDeposedLeader.deployTask(stale).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(FencingTokenException.class)
                .satisfies(e -> assertThat(((FencingTokenException) e).getReason())
                        .isEqualTo(FencingTokenException.Reason.STALE));
        assertThat(te.getFencingRejections().count(FencingTokenException.Reason.STALE))
                .isEqualTo(1);
        assertThat(te.runningTasks().get(10, TimeUnit.SECONDS)).isEmpty();
        FencingToken current = b.resourceManager().getFencingToken();
        assertThat(Files.readAllLines(eventFile))
                .anySatisfy(line -> assertThat(line)
                        .contains("\"type\":\"fencing-rejection\"")
                        .contains("\"reason\":\"STALE\"")
                        .contains("\"receivedEpoch\":" + deposed.epoch())
                        .contains("\"currentEpoch\":" + current.epoch())
                        .contains("\"process\":\"te-1\"")
                        .contains("\"monoNanos\":"));
    }
}
