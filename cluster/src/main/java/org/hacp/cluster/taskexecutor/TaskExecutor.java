package org.hacp.cluster.taskexecutor;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.hacp.cluster.Component;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.events.EventType;
import org.hacp.cluster.job.TaskDeployment;
import org.hacp.cluster.job.TaskProgress;
import org.hacp.cluster.jobmaster.JobMasterGateway;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;
import org.hacp.fencing.FencedRpcEndpoint;
import org.hacp.fencing.FencingToken;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeaderRetrievalListener;
import org.hacp.leader.LeaderRetrievalService;
import org.hacp.protocol.ProtocolRange;
import org.hacp.rpc.EndpointAddresses;
import org.hacp.rpc.RpcService;

/**
 * Runs tasks for the ResourceManager leader it is registered with. It follows the leader through
 * retrieval and announcements: on every change of leader it drops its tasks and connection,
 * connects to the new address with the new token, registers with bounded exponential back-off, and
 * heartbeats. Losing ZooKeeper is not a change of leader: its tasks go on (issue 30).
 *
 * <p>Its own fencing token is the token of the ResourceManager leadership it follows (taken before it registers), so
 * only that leader's commands run; a deposed leader's are rejected and counted. Task ticks are
 * main-thread work scheduled under that token, so a leader change stops them by itself.
 */
public final class TaskExecutor extends FencedRpcEndpoint implements TaskExecutorGateway {

    /** Timing of registration and heartbeats. */
    public record Timing(
            Duration heartbeatInterval, Duration heartbeatTimeout, Duration initialBackoff, Duration maxBackoff) {
        public static Timing defaults() {
            return new Timing(
                    Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofMillis(50), Duration.ofSeconds(2));
        }
    }

    /** One running task; main thread only. */
    private static final class TaskRun {
        final TaskDeployment deployment;
        int ticksDone;
        CompletableFuture<JobMasterGateway> reportTo;

        TaskRun(TaskDeployment deployment) {
            this.deployment = deployment;
            this.ticksDone = deployment.fromTick();
        }
    }

    private final String taskExecutorId;
    private final int slots;
    private final Timing timing;
    private final LeaderRetrievalService retrieval;
    private final Map<String, TaskRun> tasks = new LinkedHashMap<>();
    /** The leader we follow (registered or trying to); main thread only. */
    private LeaderInformation leader;

    private ResourceManagerGateway resourceManager;
    /** The registration under way with {@link #leader}, or null; main thread only. */
    private RetryingRegistration registration;

    private long lastHeartbeatAck;
    private volatile int registrations;
    /** The token of the leader this TaskExecutor registered with; main thread writes, any thread reads. */
    private volatile FencingToken registeredToken;
    /** The highest epoch followed (retrieved or announced); main thread only. */
    private long followedEpoch = -1;
    /** Epoch of the last ResourceManager command accepted; main thread only. */
    private long lastAcceptedEpoch = -1;

    private final EventLog events;
    private final PreparedGateways prepared;

    public TaskExecutor(
            RpcService rpcService,
            String taskExecutorId,
            int slots,
            Timing timing,
            LeaderRetrievalService retrieval,
            EventLog events) {
        this(rpcService, taskExecutorId, slots, timing, retrieval, events, new PreparedGateways());
    }

    /** With gateways to the JobManagers connected ahead of need ({@link StandbyWarmup}). */
    public TaskExecutor(
            RpcService rpcService,
            String taskExecutorId,
            int slots,
            Timing timing,
            LeaderRetrievalService retrieval,
            EventLog events,
            PreparedGateways prepared) {
        super(rpcService, "taskexecutor-" + taskExecutorId);
        this.prepared = prepared;
        this.events = events;
        events.recordRejections(this, Component.TASK_EXECUTOR);
        this.taskExecutorId = taskExecutorId;
        this.slots = slots;
        this.timing = timing;
        this.retrieval = retrieval;
    }

    @Override
    protected void onStart() {
        retrieval.start(new LeaderRetrievalListener() {
            @Override
            public void notifyLeaderAddress(Optional<LeaderInformation> info) {
                runAsyncWithoutFencing(() -> retrieved(info.orElse(null)));
            }

            @Override
            public void handleError(Exception error) {
                log.warn("TaskExecutor '{}': leader retrieval error: {}", taskExecutorId, error.getMessage());
            }
        });
    }

    @Override
    protected CompletableFuture<Void> onStop() {
        retrieval.close();
        return CompletableFuture.completedFuture(null);
    }

    /** This TaskExecutor's id. */
    public String id() {
        return taskExecutorId;
    }

    /** How many times it registered (tests, status and metrics); any thread. */
    public int registrations() {
        return registrations;
    }

    /**
     * What ZooKeeper says. A leader at or above the epoch followed is followed; an older one is not.
     * "No leader" is never followed (issue 30): it is what every ZooKeeper blip looks like from here
     * (this process's own connection SUSPENDED or its session LOST, a restart or election inside the
     * ensemble) while the leader followed may be well, so its tasks go on. A real change arrives as a
     * higher epoch, through retrieval or the new leader's announcement, and cancels them then; a
     * leader that is gone stops answering heartbeats. Main thread.
     */
    private void retrieved(LeaderInformation next) {
        if (next == null) {
            if (leader != null) {
                log.info(
                        "TaskExecutor '{}': ZooKeeper names no ResourceManager leader (a ZooKeeper blip, or the leader"
                                + " is gone); it keeps following the one at {} (epoch {}) and its {} task(s)",
                        taskExecutorId,
                        leader.address(),
                        leader.epoch(),
                        tasks.size());
            }
            return;
        }
        if (next.epoch() >= followedEpoch) {
            follow(next, EventType.RETRIEVAL);
        }
    }

    @Override
    public void leaderAnnounced(String address, FencingToken token) {
        EndpointAddresses.require(address, "announced ResourceManager address");
        if (token.epoch() <= followedEpoch) {
            return; // known already (through retrieval, typically), or older
        }
        log.info(
                "TaskExecutor '{}': ResourceManager at {} announced its leadership at epoch {}",
                taskExecutorId,
                address,
                token.epoch());
        follow(
                new LeaderInformation(
                        Component.RESOURCE_MANAGER.id(), address, token.sessionId(), token.epoch(), Instant.now()),
                EventType.LEADER_ANNOUNCED);
    }

    private void follow(LeaderInformation next, EventType how) {
        if (leader != null && next.sameLeaderAs(leader)) {
            return;
        }
        followedEpoch = Math.max(followedEpoch, next.epoch());
        events.record(how, Component.RESOURCE_MANAGER, next.epoch(), next.address());
        if (!tasks.isEmpty()) {
            log.info("TaskExecutor '{}' cancels {} task(s) of the previous leader", taskExecutorId, tasks.size());
            events.record(EventType.TASKS_CANCELLED, Component.TASK_EXECUTOR, tasks.size());
            tasks.clear();
        }
        // The token of the leader followed, before registering: a new leader places waiting
        // deployments the moment it registers us, and its deployTask could overtake the reply to our
        // registration (LeaderAnnouncementTest caught the refusal in a fresh-clone run).
        setFencingToken(next.token());
        registeredToken = null;
        leader = next;
        resourceManager = null;
        cancelRegistration();
        log.info(
                "TaskExecutor '{}' follows ResourceManager at {} (epoch {})",
                taskExecutorId,
                next.address(),
                next.epoch());
        register(next);
    }

    /**
     * Registers again with the leader it follows (that leader forgot it, or stopped answering for a
     * while): its running tasks go on and are reported in the registration. Cancelling them, as a
     * change of leader does, lost deployments the same leader had just placed (chaos scenario
     * leader-followers-partition in a fresh-clone run: the job never finished). Main thread.
     */
    private void registerAgain(LeaderInformation target) {
        resourceManager = null;
        registeredToken = null;
        register(target);
    }

    /** Registers with {@code target} until it succeeds or the leader changes. Main thread. */
    private void register(LeaderInformation target) {
        cancelRegistration();
        registration = new RetryingRegistration(
                taskExecutorId,
                target,
                () -> registerOnce(target),
                gateway -> registered(target, gateway),
                this::runAsyncWithoutFencing,
                getRpcService().getScheduledExecutor(),
                timing.initialBackoff(),
                timing.maxBackoff());
        registration.start();
    }

    private void cancelRegistration() {
        if (registration != null) {
            registration.cancel();
            registration = null;
        }
    }

    /** One try: over the gateway prepared for the leader's address if there is one, else a new connection. Main thread. */
    private CompletableFuture<ResourceManagerGateway> registerOnce(LeaderInformation target) {
        Optional<ResourceManagerGateway> ready = prepared.get(target.address());
        List<String> running = List.copyOf(tasks.keySet());
        return ready.map(g -> CompletableFuture.completedFuture(getRpcService().withCallToken(g, target.token())))
                .orElseGet(
                        () -> getRpcService().connect(target.address(), target.token(), ResourceManagerGateway.class))
                .thenCompose(
                        gateway -> gateway.registerTaskExecutor(new ResourceManagerGateway.TaskExecutorRegistration(
                                        taskExecutorId, getAddress(), slots, running, ProtocolRange.CURRENT))
                                .thenApply(ok -> gateway))
                .whenComplete((gateway, failure) -> {
                    if (failure != null) {
                        // The next try connects afresh.
                        ready.ifPresent(g -> prepared.discard(target.address(), g));
                    }
                });
    }

    private void registered(LeaderInformation target, ResourceManagerGateway gateway) {
        registration = null;
        resourceManager = gateway;
        registrations++;
        registeredToken = target.token();
        lastHeartbeatAck = System.nanoTime();
        log.info("TaskExecutor '{}' registered with ResourceManager at epoch {}", taskExecutorId, target.epoch());
        events.record(EventType.REGISTER, Component.RESOURCE_MANAGER, target.epoch());
        scheduleRunAsync(this::heartbeat, timing.heartbeatInterval());
    }

    private void heartbeat() {
        LeaderInformation target = leader;
        ResourceManagerGateway gateway = resourceManager;
        if (gateway == null) {
            return;
        }
        if (System.nanoTime() - lastHeartbeatAck > timing.heartbeatTimeout().toNanos()) {
            log.warn(
                    "TaskExecutor '{}': no heartbeat answer from the ResourceManager for {} ms; registering again",
                    taskExecutorId,
                    timing.heartbeatTimeout().toMillis());
            events.record(
                    EventType.HEARTBEAT_TIMEOUT, Component.RESOURCE_MANAGER, target == null ? -1 : target.epoch());
            registerAgain(target);
            return;
        }
        gateway.heartbeatFromTaskExecutor(taskExecutorId, List.copyOf(tasks.keySet()))
                .whenComplete((known, failure) -> runAsyncWithoutFencing(() -> {
                    if (target != leader) {
                        return;
                    }
                    if (failure == null && known) {
                        lastHeartbeatAck = System.nanoTime();
                    } else if (failure == null) {
                        log.info(
                                "TaskExecutor '{}' is unknown to the ResourceManager; registering again",
                                taskExecutorId);
                        registerAgain(target);
                    }
                }));
        scheduleRunAsync(this::heartbeat, timing.heartbeatInterval());
    }

    @Override
    public CompletableFuture<Boolean> deployTask(TaskDeployment deployment) {
        if (tasks.size() >= slots && !tasks.containsKey(deployment.taskId())) {
            return CompletableFuture.failedFuture(new IllegalStateException(
                    "TaskExecutor '" + taskExecutorId + "' has no free slot (" + slots + " in use)"));
        }
        recordAccepted("deployTask");
        TaskRun run = new TaskRun(deployment);
        run.reportTo = getRpcService()
                .connect(deployment.jobMasterAddress(), deployment.jobMasterToken(), JobMasterGateway.class);
        tasks.put(deployment.taskId(), run);
        log.info(
                "TaskExecutor '{}' runs task {} from tick {} of {}",
                taskExecutorId,
                deployment.taskId(),
                deployment.fromTick(),
                deployment.ticks());
        events.record(
                EventType.TASK_DEPLOYED,
                Component.TASK_EXECUTOR,
                lastAcceptedEpoch,
                deployment.taskId(),
                deployment.fromTick(),
                deployment.jobMasterToken().epoch());
        scheduleRunAsync(() -> tick(run), Duration.ofMillis(deployment.tickMillis()));
        return CompletableFuture.completedFuture(true);
    }

    private void tick(TaskRun run) {
        if (tasks.get(run.deployment.taskId()) != run) {
            return; // cancelled
        }
        run.ticksDone++;
        TaskProgress progress =
                new TaskProgress(run.deployment.jobId(), run.deployment.taskIndex(), run.ticksDone, taskExecutorId);
        run.reportTo.thenAccept(jobMaster -> jobMaster.reportProgress(progress));
        if (run.ticksDone >= run.deployment.ticks()) {
            tasks.remove(run.deployment.taskId());
            log.info("TaskExecutor '{}' finished task {}", taskExecutorId, run.deployment.taskId());
        } else {
            scheduleRunAsync(() -> tick(run), Duration.ofMillis(run.deployment.tickMillis()));
        }
    }

    @Override
    public CompletableFuture<Boolean> heartbeatFromResourceManager() {
        recordAccepted("heartbeat");
        return CompletableFuture.completedFuture(true);
    }

    /**
     * Records that a ResourceManager command (deploy, cancel, heartbeat) ran here at the call's
     * epoch. The chaos checker reads these to prove that accepted epochs never go backwards at a
     * receiver, and drills to time the gap between the last command of the old epoch and the
     * first of the new one. At most a few per second per TaskExecutor.
     */
    private void recordAccepted(String command) {
        FencingToken token = tokenOfThisCall();
        lastAcceptedEpoch = token == null ? -1 : token.epoch();
        events.record(
                EventType.ACCEPT,
                Component.RESOURCE_MANAGER,
                "taskexecutor-" + taskExecutorId,
                lastAcceptedEpoch,
                command);
    }

    @Override
    public void cancelTask(String taskId) {
        recordAccepted("cancelTask");
        if (tasks.remove(taskId) != null) {
            log.info("TaskExecutor '{}' cancelled task {}", taskExecutorId, taskId);
        }
    }

    @Override
    public CompletableFuture<List<String>> runningTasks() {
        return CompletableFuture.completedFuture(new ArrayList<>(tasks.keySet()));
    }

    /** How this TaskExecutor introduces itself to every ResourceManager (issue 16). */
    public ResourceManagerGateway.TaskExecutorContact contact() {
        return new ResourceManagerGateway.TaskExecutorContact(taskExecutorId, getAddress());
    }

    /** The token of the leader it is registered with, or null. Any thread. */
    public FencingToken registeredWith() {
        return registeredToken;
    }
}
