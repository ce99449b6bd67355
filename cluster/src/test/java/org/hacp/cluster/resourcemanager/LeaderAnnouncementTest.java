package org.hacp.cluster.resourcemanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.Component;
import org.hacp.cluster.GrantedToken;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.job.TaskDeployment;
import org.hacp.cluster.taskexecutor.TaskExecutor;
import org.hacp.cluster.taskexecutor.TaskExecutorGateway;
import org.hacp.fencing.FencingToken;
import org.hacp.fencing.FencingTokenException;
import org.hacp.ha.embedded.EmbeddedHaServices;
import org.hacp.leader.LeaderElection;
import org.hacp.protocol.ProtocolRange;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.TestRpcSystems;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: a ResourceManager granted leadership announces itself to the TaskExecutors that
 * introduced themselves, and they register before ZooKeeper's watch would tell them; nothing
 * older than what a TaskExecutor follows moves it, whether announced or retrieved. Real RPC
 * services on loopback; leader information through the in-memory HA services, where nothing is
 * published unless a test publishes it.
 */
class LeaderAnnouncementTest {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private final EmbeddedHaServices ha = new EmbeddedHaServices();
    private final List<RpcService> services = new ArrayList<>();
    private ResourceManager resourceManager;
    private TaskExecutor taskExecutor;
    private RpcService client;

    @BeforeEach
    void start() {
        resourceManager = new ResourceManager(rpc(), Duration.ofSeconds(5), Duration.ofSeconds(4));
        resourceManager.start();
        taskExecutor = new TaskExecutor(
                rpc(),
                "te-1",
                2,
                new TaskExecutor.Timing(
                        Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofMillis(20), Duration.ofMillis(200)),
                ha.leaderRetriever(Component.RESOURCE_MANAGER.id()),
                EventLog.none());
        taskExecutor.start();
        client = rpc();
    }

    @AfterEach
    void stop() throws Exception {
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

    private void introduce() throws Exception {
        ResourceManagerGateway rm = client.connect(resourceManager.getAddress(), ResourceManagerGateway.class)
                .get(10, TimeUnit.SECONDS);
        rm.introduceTaskExecutor(taskExecutor.contact());
        rm.status().get(10, TimeUnit.SECONDS); // answered after the introduction: same sender, same order
    }

    private TaskExecutorGateway taskExecutorGateway() throws Exception {
        return client.connect(taskExecutor.getAddress(), TaskExecutorGateway.class)
                .get(10, TimeUnit.SECONDS);
    }

    @Test
    void aTaskExecutorRegistersWithAnAnnouncedLeaderThatNothingPublished() throws Exception {
        introduce();
        FencingToken token = new FencingToken(UUID.randomUUID(), 5);
        resourceManager.grant(token).get(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> token.equals(taskExecutor.registeredWith()));
        ResourceManagerGateway leader = client.connect(
                        resourceManager.getAddress(), token, ResourceManagerGateway.class)
                .get(10, TimeUnit.SECONDS);
        assertThat(leader.status().get(10, TimeUnit.SECONDS).taskExecutors())
                .extracting(
                        ResourceManagerGateway.RegisteredTaskExecutor::taskExecutorId,
                        ResourceManagerGateway.RegisteredTaskExecutor::protocols)
                .containsExactly(tuple("te-1", ProtocolRange.CURRENT));
        // deployed over the gateway the introduction prepared, now carrying the leader's token
        assertThat(leader.deployTask(deployment()).get(10, TimeUnit.SECONDS)).isEqualTo("te-1");
        assertThat(taskExecutorGateway().runningTasks().get(10, TimeUnit.SECONDS))
                .containsExactly("job-1/0");
    }

    @Test
    void zooKeeperNamingNoLeaderCancelsNoTaskOnlyANewerLeaderDoes() throws Exception {
        LeaderElection election = ha.leaderElection(Component.RESOURCE_MANAGER.id());
        FencingToken token = grantThroughTheElection(election);
        election.confirmLeadership(token, resourceManager.getAddress()).get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> token.equals(taskExecutor.registeredWith()));
        ResourceManagerGateway leader = client.connect(
                        resourceManager.getAddress(), token, ResourceManagerGateway.class)
                .get(10, TimeUnit.SECONDS);
        assertThat(leader.deployTask(deployment()).get(10, TimeUnit.SECONDS)).isEqualTo("te-1");
        TaskExecutorGateway te = taskExecutorGateway();

        // What a ZooKeeper blip looks like to retrieval: the leader's information is gone.
        election.close();
        ha.drainEvents();
        assertThat(te.runningTasks().get(10, TimeUnit.SECONDS))
                .as("tasks after ZooKeeper named no leader (issue 30)")
                .containsExactly("job-1/0");
        assertThat(taskExecutor.registeredWith()).isEqualTo(token);

        te.leaderAnnounced(resourceManager.getAddress(), new FencingToken(UUID.randomUUID(), token.epoch() + 1));
        assertThat(te.runningTasks().get(10, TimeUnit.SECONDS))
                .as("tasks after a newer leader")
                .isEmpty();
    }

    /** Starts {@code election}, waits for its token and grants the ResourceManager with it. */
    private FencingToken grantThroughTheElection(LeaderElection election) throws Exception {
        CompletableFuture<FencingToken> granted = new CompletableFuture<>();
        election.startLeaderElection(GrantedToken.into(granted));
        FencingToken token = granted.get(10, TimeUnit.SECONDS);
        resourceManager.grant(token).get(10, TimeUnit.SECONDS);
        return token;
    }

    private TaskDeployment deployment() {
        return new TaskDeployment(
                "job-1", 0, 0, 1_000_000, 1_000, resourceManager.getAddress(), new FencingToken(UUID.randomUUID(), 1));
    }

    /**
     * Issue 30: a leader that ZooKeeper has not told of its successor hears of it from the first
     * TaskExecutor that refuses its heartbeat as STALE, once per leadership.
     */
    @Test
    void aDeposedLeaderHearsOfItsSuccessorFromARefusedHeartbeatOnce() throws Exception {
        List<Long> successors = new CopyOnWriteArrayList<>();
        resourceManager.setSuccessorListener((leadership, epoch) -> successors.add(epoch));
        introduce();
        FencingToken deposed = new FencingToken(UUID.randomUUID(), 5);
        resourceManager.grant(deposed).get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> deposed.equals(taskExecutor.registeredWith()));
        assertThat(successors).isEmpty();

        // The successor's announcement reaches the TaskExecutor, not this leader.
        taskExecutorGateway().leaderAnnounced(resourceManager.getAddress(), new FencingToken(UUID.randomUUID(), 6));

        await().atMost(WAIT).until(() -> !successors.isEmpty());
        long refused = taskExecutor.getFencingRejections().count(FencingTokenException.Reason.STALE);
        await().atMost(WAIT)
                .until(() ->
                        taskExecutor.getFencingRejections().count(FencingTokenException.Reason.STALE) >= refused + 2);
        assertThat(successors).as("reported once").containsExactly(6L);
    }

    @Test
    void anOlderLeaderMovesNoTaskExecutorWhetherAnnouncedOrRetrieved() throws Exception {
        introduce();
        FencingToken current = new FencingToken(UUID.randomUUID(), 5);
        resourceManager.grant(current).get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> current.equals(taskExecutor.registeredWith()));
        int registrations = taskExecutor.registrations();

        // announced: an older epoch, then a call over the same connection, which the TaskExecutor
        // answers only after it handled the announcement
        TaskExecutorGateway te = taskExecutorGateway();
        te.leaderAnnounced(resourceManager.getAddress(), new FencingToken(UUID.randomUUID(), 4));
        te.runningTasks().get(10, TimeUnit.SECONDS);
        assertThat(taskExecutor.registeredWith()).isEqualTo(current);

        // retrieved: the in-memory election publishes epoch 1; then the retrieval's deletion of it
        LeaderElection election = ha.leaderElection(Component.RESOURCE_MANAGER.id());
        CompletableFuture<FencingToken> granted = new CompletableFuture<>();
        election.startLeaderElection(GrantedToken.into(granted));
        FencingToken older = granted.get(10, TimeUnit.SECONDS);
        assertThat(older.epoch()).isLessThan(current.epoch());
        election.confirmLeadership(older, resourceManager.getAddress()).get(10, TimeUnit.SECONDS);
        ha.drainEvents();
        te.runningTasks().get(10, TimeUnit.SECONDS);
        election.close();
        ha.drainEvents();
        te.runningTasks().get(10, TimeUnit.SECONDS);

        assertThat(taskExecutor.registeredWith()).isEqualTo(current);
        assertThat(taskExecutor.registrations()).isEqualTo(registrations);
    }

    @Test
    void aDeploymentAskedBeforeAnyTaskExecutorRegisteredIsPlacedWhenOneDoes() throws Exception {
        LeaderElection election = ha.leaderElection(Component.RESOURCE_MANAGER.id());
        FencingToken token = grantThroughTheElection(election);
        ResourceManagerGateway leader = client.connect(
                        resourceManager.getAddress(), token, ResourceManagerGateway.class)
                .get(10, TimeUnit.SECONDS);
        CompletableFuture<String> placed = leader.deployTask(deployment());
        leader.status().get(10, TimeUnit.SECONDS); // the deployment has been asked: it waits
        assertThat(placed).isNotDone();

        election.confirmLeadership(token, resourceManager.getAddress()).get(10, TimeUnit.SECONDS);

        assertThat(placed.get(10, TimeUnit.SECONDS)).isEqualTo("te-1");
        assertThat(taskExecutorGateway().runningTasks().get(10, TimeUnit.SECONDS))
                .containsExactly("job-1/0");
        election.close();
    }
}
