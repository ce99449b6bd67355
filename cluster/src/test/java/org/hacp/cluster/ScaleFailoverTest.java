package org.hacp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.dispatcher.DispatcherGateway;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.job.JobSpec;
import org.hacp.cluster.job.JobStatus;
import org.hacp.cluster.jobmanager.JobManager;
import org.hacp.cluster.taskexecutor.TaskExecutor;
import org.hacp.config.ConfigReader;
import org.hacp.ha.HaConfig;
import org.hacp.ha.zookeeper.EmbeddedZooKeeper;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.leader.zookeeper.LeaderPaths;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.TestRpcSystems;
import org.hacp.testing.Closer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 32 at a scale that fits the fast tier: 200 jobs on a real ZooKeeper server. Their
 * checkpoints go in batches (many records per fenced transaction, whatever the machine's speed),
 * a planned handover recovers all 200 and publishes their JobMasters at the new epoch, and each
 * job completes exactly once. The writes per second against the number of jobs are the benchmark's
 * ({@code scripts/bench scale}), not a timed test's.
 */
class ScaleFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int JOBS = 200;

    private EmbeddedZooKeeper zk;
    private final Closer closer = new Closer();
    private final List<Throwable> fatalErrors = new CopyOnWriteArrayList<>();
    private final List<RpcService> services = new ArrayList<>();

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        zk = EmbeddedZooKeeper.start(null, 0, Duration.ofSeconds(2));
    }

    @AfterEach
    void tearDown() throws Exception {
        closer.close();
        for (RpcService s : services) {
            s.closeAsync().get(30, TimeUnit.SECONDS);
        }
        zk.close();
    }

    private RpcService rpc() {
        RpcService s = TestRpcSystems.inMemory(RpcConfig.defaults().withAskTimeout(Duration.ofSeconds(10)));
        services.add(s);
        return s;
    }

    private ZooKeeperHaServices ha(String participant) {
        HaConfig config =
                HaConfig.from(ConfigReader.parse("hacp.ha { cluster-id = scale, zookeeper { connect-string = \""
                        + zk.connectString() + "\", session-timeout = 4s, connection-timeout = 2s } }"));
        ZooKeeperHaServices services = ZooKeeperHaServices.start(config, participant, fatalErrors::add);
        closer.track(services);
        return services;
    }

    private JobManager jobManager(String id, ZooKeeperHaServices ha) throws Exception {
        JobManager jm = new JobManager(
                id, rpc(), ha, Duration.ofSeconds(3), EventLog.open(dir.resolve(id + ".events.jsonl"), id));
        closer.track(jm);
        return jm;
    }

    @Test
    void twoHundredJobsCheckpointInBatchesAndAllResumeOnceAfterAHandover() throws Exception {
        ZooKeeperHaServices haA = ha("jm-a");
        JobManager a = jobManager("jm-a", haA);
        await().atMost(WAIT).until(() -> a.dispatcher().getFencingToken() != null);
        JobManager b = jobManager("jm-b", ha("jm-b"));
        TaskExecutor te = new TaskExecutor(
                rpc(),
                "te-1",
                JOBS,
                new TaskExecutor.Timing(
                        Duration.ofMillis(200), Duration.ofSeconds(3), Duration.ofMillis(10), Duration.ofMillis(200)),
                ha("te-1").leaderRetriever("resourcemanager"),
                EventLog.none());
        te.start();
        closer.track(() -> te.closeAsync().get(30, TimeUnit.SECONDS));
        await().atMost(WAIT).until(() -> te.registeredWith() != null);
        RpcService client = rpc();
        DispatcherGateway first = client.connect(
                        a.dispatcher().getAddress(), a.dispatcher().getFencingToken(), DispatcherGateway.class)
                .get(10, TimeUnit.SECONDS);
        List<CompletableFuture<String>> submitted = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            submitted.add(first.submitJob(new JobSpec("scale", 1, 60, 50)));
        }
        Set<String> jobs = new HashSet<>();
        for (CompletableFuture<String> s : submitted) {
            jobs.add(s.get(30, TimeUnit.SECONDS));
        }
        await().atMost(WAIT)
                .until(() -> first.listJobs().get(10, TimeUnit.SECONDS).stream()
                                .filter(j -> j.ticksCompleted() > 5)
                                .count()
                        == JOBS);
        long firstEpoch = a.dispatcher().getFencingToken().epoch();

        a.close(); // planned handover: jm-a revokes and leaves the election

        await().atMost(WAIT).until(() -> b.dispatcher().getFencingToken() != null);
        long secondEpoch = b.dispatcher().getFencingToken().epoch();
        DispatcherGateway second = client.connect(
                        b.dispatcher().getAddress(), b.dispatcher().getFencingToken(), DispatcherGateway.class)
                .get(10, TimeUnit.SECONDS);
        await().atMost(WAIT)
                .until(() -> second.listJobs().get(10, TimeUnit.SECONDS).stream()
                                .filter(JobStatus::finished)
                                .count()
                        == JOBS);
        assertThat(a.dispatcher().completions() + b.dispatcher().completions()).isEqualTo(JOBS);

        // Every JobMaster of the new leader was published at its epoch (100 per transaction).
        for (String job : jobs) {
            String path = LeaderPaths.connectionInfo(Component.jobMasterElectionId(job));
            byte[] bytes = haA.client().getData().forPath(path);
            assertThat(new String(bytes, StandardCharsets.UTF_8)).contains("\"epoch\":" + secondEpoch);
        }
        assertThat(fatalErrors).isEmpty();

        // The first leader's writes of job records: one write is one invoke time. Written per job
        // (the code before issue 32), no two records share one, and this fails.
        ObjectMapper json = new ObjectMapper();
        Map<Long, Integer> recordsPerWrite = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("jm-a.events.jsonl"))) {
            JsonNode event = json.readTree(line);
            if (event.path("type").asText().equals("store-write")
                    && event.path("epoch").asLong() == firstEpoch
                    && event.path("key").asText().startsWith("job-")) {
                recordsPerWrite.merge(event.path("invokeNanos").asLong(), 1, Integer::sum);
            }
        }
        int records =
                recordsPerWrite.values().stream().mapToInt(Integer::intValue).sum();
        int inBatchesOfTenOrMore = recordsPerWrite.values().stream()
                .filter(n -> n >= 10)
                .mapToInt(Integer::intValue)
                .sum();
        assertThat(inBatchesOfTenOrMore)
                .as(
                        "records written in batches of 10 or more, of %d records in %d writes (the %d submissions"
                                + " are single writes)",
                        records, recordsPerWrite.size(), JOBS)
                .isGreaterThan(records / 2);
    }
}
