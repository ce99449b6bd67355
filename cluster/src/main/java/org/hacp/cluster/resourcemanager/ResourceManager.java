package org.hacp.cluster.resourcemanager;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjLongConsumer;
import org.hacp.cluster.Component;
import org.hacp.cluster.job.TaskDeployment;
import org.hacp.cluster.taskexecutor.TaskExecutorGateway;
import org.hacp.fencing.FencedRpcEndpoint;
import org.hacp.fencing.FencingToken;
import org.hacp.fencing.FencingTokenException;
import org.hacp.logging.RejectionLog;
import org.hacp.protocol.ProtocolRange;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.wire.GatewayProxies;

/**
 * The leader's registry of TaskExecutors: registrations, heartbeats (a TaskExecutor silent for
 * longer than the heartbeat timeout is dropped), and placement of tasks on free slots. A follower
 * holds no token and refuses everything but {@link #status()}.
 */
public final class ResourceManager extends FencedRpcEndpoint implements ResourceManagerGateway {
    public static final String ENDPOINT_ID = Component.RESOURCE_MANAGER.id();

    /** One registered TaskExecutor; main thread only. */
    private static final class Registered {
        final String id;
        final String address;
        final int slots;
        final ProtocolRange protocols;
        List<String> running;
        long lastHeartbeat = System.nanoTime();
        CompletableFuture<TaskExecutorGateway> gateway;

        Registered(TaskExecutorRegistration r) {
            this.id = r.taskExecutorId();
            this.address = r.address();
            this.slots = r.slots();
            this.protocols = r.protocols();
            this.running = new ArrayList<>(r.runningTasks());
        }
    }

    private final Duration heartbeatTimeout;
    private final Duration slotWait;
    /** TaskExecutors dropped for missed heartbeats; main thread writes, any thread reads. */
    private final AtomicLong heartbeatTimeouts = new AtomicLong();

    private final Map<String, Registered> registered = new LinkedHashMap<>();

    /** A TaskExecutor that introduced itself, with a gateway prepared for the announcement. */
    private record Contact(String address, CompletableFuture<TaskExecutorGateway> gateway) {}

    /** TaskExecutors that introduced themselves, kept across leaderships; main thread only. */
    private final Map<String, Contact> contacts = new LinkedHashMap<>();

    /** A deployment waiting for a free slot. */
    private record PendingDeployment(TaskDeployment deployment, CompletableFuture<String> placed) {}

    /** How long a deployment waits for a free slot by default: well inside any caller's ask timeout. */
    public static final Duration SLOT_WAIT = Duration.ofSeconds(1);

    private static final int MAX_PENDING = 10_000;
    /** Deployments waiting for a free slot, oldest first; main thread only. */
    private final Deque<PendingDeployment> pending = new ArrayDeque<>();

    private final TakeoverPhases takeover = new TakeoverPhases();

    private final RejectionLog contactsFull = new RejectionLog(log, Duration.ofSeconds(60));

    /** Hears that a TaskExecutor follows a later epoch than this leadership's; main thread. */
    private volatile ObjLongConsumer<FencingToken> successorListener = (token, epoch) -> {};
    /** The leadership whose successor was reported already, once per grant; main thread only. */
    private FencingToken successorReportedFor;

    public ResourceManager(RpcService rpcService, Duration heartbeatTimeout) {
        this(rpcService, heartbeatTimeout, SLOT_WAIT);
    }

    /** @param slotWait how long a deployment waits for a free slot; keep it below the callers' ask timeout */
    public ResourceManager(RpcService rpcService, Duration heartbeatTimeout, Duration slotWait) {
        super(rpcService, ENDPOINT_ID);
        this.heartbeatTimeout = heartbeatTimeout;
        this.slotWait = slotWait;
    }

    /** Becomes leader with {@code token}; completes once the main thread has applied it. */
    public CompletableFuture<Void> grant(FencingToken token) {
        return callAsyncWithoutFencing(
                () -> {
                    registered.clear();
                    setFencingToken(token);
                    takeover.granted(token.epoch());
                    announce(token);
                    scheduleRunAsync(() -> expireSilentTaskExecutors(token), heartbeatTimeout);
                    scheduleRunAsync(() -> heartbeatTaskExecutors(token), heartbeatInterval());
                    return null;
                },
                Duration.ofSeconds(10));
    }

    /**
     * Tells {@code listener} (on the main thread, once per leadership) when a TaskExecutor refuses
     * this leader's heartbeat as STALE because it follows a later epoch: a successor exists, though
     * ZooKeeper may not have said so yet (issue 30). The JobManager hands it to the election.
     */
    public void setSuccessorListener(ObjLongConsumer<FencingToken> listener) {
        this.successorListener = listener;
    }

    /** Stops acting as leader. */
    public void revoke() {
        runAsyncWithoutFencing(() -> {
            setFencingToken(null);
            registered.clear();
            failPending("this ResourceManager no longer leads");
        });
    }

    /**
     * Tells every TaskExecutor that introduced itself that this ResourceManager leads at
     * {@code token}'s epoch, over gateways connected beforehand: they register ~50 ms sooner than
     * through ZooKeeper's watch on the published leader information (issue 16). Main thread.
     */
    private void announce(FencingToken token) {
        String address = getAddress();
        contacts.values().forEach(c -> c.gateway().thenAccept(g -> g.leaderAnnounced(address, token)));
        log.info("Announced leadership at epoch {} to {} TaskExecutor(s)", token.epoch(), contacts.size());
    }

    /**
     * Remembers where {@code contact} is and connects a gateway to it now, replacing an older one
     * (a TaskExecutor restarted at the same address is reached afresh), so neither the
     * announcement nor the first deployment after a grant waits for a handshake (issue 16).
     */
    @Override
    public void introduceTaskExecutor(TaskExecutorContact contact) {
        if (!contacts.containsKey(contact.taskExecutorId()) && contacts.size() >= TaskExecutorContact.MAX_KNOWN) {
            contactsFull.warn(
                    "contacts full",
                    "TaskExecutor '" + contact.taskExecutorId() + "' not remembered: " + TaskExecutorContact.MAX_KNOWN
                            + " TaskExecutors are known already");
            return;
        }
        contacts.put(
                contact.taskExecutorId(),
                new Contact(contact.address(), getRpcService().connect(contact.address(), TaskExecutorGateway.class)));
    }

    @Override
    public CompletableFuture<Boolean> registerTaskExecutor(TaskExecutorRegistration registration) {
        Registered previous = registered.put(registration.taskExecutorId(), new Registered(registration));
        log.info(
                "TaskExecutor '{}' {} at {} with {} slots, protocol {} (epoch {}), running {}",
                registration.taskExecutorId(),
                previous == null ? "registered" : "re-registered",
                registration.address(),
                registration.slots(),
                registration.protocols(),
                getFencingToken().epoch(),
                registration.runningTasks());
        if (!contacts.isEmpty() && registered.keySet().containsAll(contacts.keySet())) {
            takeover.reached(getFencingToken().epoch(), TakeoverPhases.Phase.TASKEXECUTORS_REGISTERED);
        }
        placePending();
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletableFuture<Boolean> heartbeatFromTaskExecutor(String taskExecutorId, List<String> runningTasks) {
        Registered r = registered.get(taskExecutorId);
        if (r == null) {
            return CompletableFuture.completedFuture(false);
        }
        r.lastHeartbeat = System.nanoTime();
        r.running = new ArrayList<>(runningTasks);
        placePending();
        return CompletableFuture.completedFuture(true);
    }

    /** Runs while {@code leadership} lasts: a loop per grant stops with it. */
    private void expireSilentTaskExecutors(FencingToken leadership) {
        if (!leadership.equals(getFencingToken())) {
            return;
        }
        long now = System.nanoTime();
        registered.values().removeIf(r -> {
            boolean silent = now - r.lastHeartbeat > heartbeatTimeout.toNanos();
            if (silent) {
                heartbeatTimeouts.incrementAndGet();
                log.warn(
                        "TaskExecutor '{}' missed heartbeats for {} ms; dropped from the registry",
                        r.id,
                        heartbeatTimeout.toMillis());
            }
            return silent;
        });
        scheduleRunAsync(() -> expireSilentTaskExecutors(leadership), heartbeatTimeout.dividedBy(2));
    }

    /** The phases of this process's last takeover of the ResourceManager (issue 15); any thread. */
    public TakeoverPhases takeover() {
        return takeover;
    }

    /** How many TaskExecutors this ResourceManager has dropped for missed heartbeats; any thread. */
    public long heartbeatTimeouts() {
        return heartbeatTimeouts.get();
    }

    /** A quarter of the timeout, so a TaskExecutor hears from its leader several times within one timeout. */
    private Duration heartbeatInterval() {
        return heartbeatTimeout.dividedBy(4);
    }

    /** The leader's side of the heartbeat; it carries the token, so a deposed leader's heartbeats are rejected. */
    private void heartbeatTaskExecutors(FencingToken leadership) {
        if (!leadership.equals(getFencingToken())) {
            return; // before (issue 16), each grant added a loop that ran for the life of the process
        }
        for (Registered r : registered.values()) {
            String taskExecutorId = r.id;
            gatewayOf(r)
                    .thenCompose(TaskExecutorGateway::heartbeatFromResourceManager)
                    .whenComplete((answered, failure) -> {
                        long successor = successorEpoch(leadership, failure);
                        if (successor > 0) {
                            runAsync(() -> successorSeen(leadership, taskExecutorId, successor));
                        }
                    });
        }
        scheduleRunAsync(() -> heartbeatTaskExecutors(leadership), heartbeatInterval());
    }

    /** The later epoch a TaskExecutor's STALE refusal of {@code leadership} names, or 0. */
    private static long successorEpoch(FencingToken leadership, Throwable failure) {
        Throwable cause = GatewayProxies.unwrap(failure);
        return cause instanceof FencingTokenException refused
                        && refused.getReason() == FencingTokenException.Reason.STALE
                        && refused.getCurrentEpoch() > leadership.epoch()
                ? refused.getCurrentEpoch()
                : 0;
    }

    /** Runs only while {@code leadership} is current (runAsync drops it otherwise). Main thread. */
    private void successorSeen(FencingToken leadership, String taskExecutorId, long successorEpoch) {
        if (leadership.equals(successorReportedFor)) {
            return;
        }
        successorReportedFor = leadership;
        log.warn(
                "TaskExecutor '{}' refused this ResourceManager's heartbeat at epoch {}: it follows epoch {}",
                taskExecutorId,
                leadership.epoch(),
                successorEpoch);
        successorListener.accept(leadership, successorEpoch);
    }

    /** The gateway to {@code r}: the one its introduction prepared if that is connected, else a new connection. */
    private CompletableFuture<TaskExecutorGateway> gatewayOf(Registered r) {
        if (r.gateway == null || r.gateway.isCompletedExceptionally()) {
            Contact c = contacts.get(r.id);
            TaskExecutorGateway prepared = c != null
                            && c.address().equals(r.address)
                            && c.gateway().isDone()
                            && !c.gateway().isCompletedExceptionally()
                    ? c.gateway().join()
                    : null;
            r.gateway = prepared != null
                    ? CompletableFuture.completedFuture(getRpcService().withCallToken(prepared, getFencingToken()))
                    : getRpcService().connect(r.address, getFencingToken(), TaskExecutorGateway.class);
        }
        return r.gateway;
    }

    /**
     * Places {@code deployment} on the least loaded TaskExecutor with a free slot. With none free it
     * waits up to its slot wait ({@link #SLOT_WAIT} by default) for a registration or a heartbeat to free one: a new leader's
     * JobMaster asks before its TaskExecutors have registered, and retrying on its side cost up to
     * 50 ms of a planned handover (issue 16).
     */
    @Override
    public CompletableFuture<String> deployTask(TaskDeployment deployment) {
        Registered target = freeSlot();
        if (target != null) {
            return place(target, deployment);
        }
        if (pending.size() >= MAX_PENDING) {
            return CompletableFuture.failedFuture(noFreeSlot(deployment));
        }
        PendingDeployment waiting = new PendingDeployment(deployment, new CompletableFuture<>());
        pending.add(waiting);
        scheduleRunAsync(
                () -> {
                    if (pending.remove(waiting)) {
                        waiting.placed().completeExceptionally(noFreeSlot(deployment));
                    }
                },
                slotWait);
        return waiting.placed();
    }

    private Registered freeSlot() {
        return registered.values().stream()
                .filter(r -> r.running.size() < r.slots)
                .min(Comparator.comparingInt(r -> r.running.size()))
                .orElse(null);
    }

    private CompletableFuture<String> place(Registered target, TaskDeployment deployment) {
        target.running.add(deployment.taskId());
        String id = target.id;
        long epoch = getFencingToken().epoch();
        return gatewayOf(target)
                .thenCompose(gateway -> gateway.deployTask(deployment))
                .thenApply(ok -> {
                    takeover.reached(epoch, TakeoverPhases.Phase.FIRST_COMMAND_ACCEPTED);
                    return id;
                });
    }

    /** Places waiting deployments while slots are free. Main thread. */
    private void placePending() {
        Registered target;
        while (!pending.isEmpty() && (target = freeSlot()) != null) {
            PendingDeployment next = pending.poll();
            place(target, next.deployment()).whenComplete((id, failure) -> {
                if (failure == null) {
                    next.placed().complete(id);
                } else {
                    next.placed().completeExceptionally(failure);
                }
            });
        }
    }

    private void failPending(String why) {
        PendingDeployment p;
        while ((p = pending.poll()) != null) {
            p.placed()
                    .completeExceptionally(
                            new IllegalStateException("task " + p.deployment().taskId() + " not placed: " + why));
        }
    }

    private IllegalStateException noFreeSlot(TaskDeployment deployment) {
        return new IllegalStateException(
                "no free slot for task " + deployment.taskId() + " among " + registered.size() + " TaskExecutor(s)");
    }

    @Override
    public CompletableFuture<ResourceManagerStatus> status() {
        long now = System.nanoTime();
        List<RegisteredTaskExecutor> list = registered.values().stream()
                .map(r -> new RegisteredTaskExecutor(
                        r.id,
                        r.address,
                        r.slots,
                        List.copyOf(r.running),
                        (now - r.lastHeartbeat) / 1_000_000,
                        r.protocols))
                .toList();
        return CompletableFuture.completedFuture(new ResourceManagerStatus(
                getFencingToken() == null ? -1 : getFencingToken().epoch(), list));
    }
}
