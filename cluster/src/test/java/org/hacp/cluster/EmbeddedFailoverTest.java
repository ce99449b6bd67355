package org.hacp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.dispatcher.DispatcherGateway;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.job.JobSpec;
import org.hacp.cluster.job.JobStatus;
import org.hacp.cluster.jobmanager.JobManager;
import org.hacp.cluster.taskexecutor.TaskExecutor;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.embedded.EmbeddedHaServices;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.TestRpcSystems;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The failover semantics with in-memory HA services: fast, and leadership moved by the test hook. */
class EmbeddedFailoverTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final EmbeddedHaServices ha = new EmbeddedHaServices();
    private final List<RpcService> services = new ArrayList<>();
    private final List<JobManager> jobManagers = new ArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (JobManager jm : jobManagers) {
            jm.close();
        }
        for (RpcService s : services) {
            s.closeAsync().get(30, TimeUnit.SECONDS);
        }
        ha.close();
    }

    private RpcService rpc() {
        RpcService s = TestRpcSystems.inMemory(RpcConfig.defaults().withAskTimeout(Duration.ofSeconds(5)));
        services.add(s);
        return s;
    }

    private JobManager jobManager(String id) {
        JobManager jm = new JobManager(id, rpc(), ha, Duration.ofSeconds(3), EventLog.none());
        jobManagers.add(jm);
        return jm;
    }

    @Test
    void taskExecutorsReRegisterAndTheJobCompletesOnceAfterLeadershipMoves() throws Exception {
        JobManager a = jobManager("jm-a");
        JobManager b = jobManager("jm-b");
        await().atMost(WAIT)
                .until(() -> a.dispatcher().getFencingToken() != null
                        && a.resourceManager().getFencingToken() != null);
        TaskExecutor te = new TaskExecutor(
                rpc(),
                "te-1",
                4,
                new TaskExecutor.Timing(
                        Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMillis(10), Duration.ofMillis(200)),
                ha.leaderRetriever("resourcemanager"),
                EventLog.none());
        te.start();
        FencingToken firstRm = a.resourceManager().getFencingToken();
        await().atMost(WAIT).until(() -> firstRm.equals(te.registeredWith()));
        RpcService client = rpc();
        DispatcherGateway first = client.connect(
                        a.dispatcher().getAddress(), a.dispatcher().getFencingToken(), DispatcherGateway.class)
                .get(10, TimeUnit.SECONDS);
        String jobId = first.submitJob(new JobSpec("embedded", 4, 30, 20)).get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> progress(first, jobId) > 10);

        ha.moveLeadership("resourcemanager");
        ha.moveLeadership("dispatcher");

        await().atMost(WAIT)
                .until(() -> b.dispatcher().getFencingToken() != null
                        && b.resourceManager().getFencingToken() != null);
        FencingToken secondRm = b.resourceManager().getFencingToken();
        await().atMost(WAIT).until(() -> secondRm.equals(te.registeredWith()));
        assertThat(te.registrations()).isEqualTo(2);
        DispatcherGateway second = client.connect(
                        b.dispatcher().getAddress(), b.dispatcher().getFencingToken(), DispatcherGateway.class)
                .get(10, TimeUnit.SECONDS);
        await().atMost(WAIT)
                .until(() -> second.listJobs().get(5, TimeUnit.SECONDS).stream()
                        .anyMatch(j -> j.jobId().equals(jobId) && j.finished()));
        assertThat(a.dispatcher().completions() + b.dispatcher().completions()).isEqualTo(1);
        assertThat(a.dispatcher().getFencingToken()).isNull();
    }

    private static int progress(DispatcherGateway dispatcher, String jobId) throws Exception {
        return dispatcher.listJobs().get(5, TimeUnit.SECONDS).stream()
                .filter(j -> j.jobId().equals(jobId))
                .mapToInt(JobStatus::ticksCompleted)
                .findFirst()
                .orElse(0);
    }
}
