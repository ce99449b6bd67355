package org.hacp.cluster.jobmaster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.hacp.cluster.Component;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.events.EventType;
import org.hacp.cluster.job.JobRecord;
import org.hacp.cluster.job.JobStatus;
import org.hacp.cluster.job.TaskDeployment;
import org.hacp.cluster.job.TaskProgress;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;
import org.hacp.fencing.FencedRpcEndpoint;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.HaStateStore;
import org.hacp.rpc.RpcService;

/**
 * Drives one job for one leadership session: places its unfinished tasks through the
 * ResourceManager (each from its last checkpoint), takes their progress, checkpoints it to the HA
 * job store (through the session's {@link CheckpointBatcher}: fenced with the session's token, off
 * the main thread, coalesced with every other job's) and writes the result once. A placed task that stays silent for longer than the task timeout is placed again
 * from its last progress: its TaskExecutor died, or dropped it while ZooKeeper was out of reach. It
 * holds the Dispatcher's token for its whole life and is closed on revoke; a new leader starts a
 * new one from the store.
 */
public final class JobMaster extends FencedRpcEndpoint implements JobMasterGateway {
    /** A finished job's result, written once. */
    public record JobResult(String jobId, long finishedByEpoch, long finishedAtMillis) {}

    /**
     * How a JobMaster paces itself.
     *
     * @param checkpointInterval at most one checkpoint batch per interval, for all the leader's jobs
     *     ({@link CheckpointBatcher}; 0: as fast as the store takes them)
     * @param taskTimeout how long a placed task may go without reporting progress before it is placed again
     */
    public record Timing(Duration checkpointInterval, Duration taskTimeout) {}

    private final FencingToken token;
    private final HaStateStore store;
    private final Supplier<ResourceManagerGateway> resourceManager;
    private final ExecutorService io;
    private final EventLog events;
    private final Consumer<JobRecord> onChange;
    private final Runnable onCompleted;
    private final CheckpointBatcher checkpoints;
    private volatile JobRecord record;
    /** A task silent for this long is placed again: never less than two of its ticks. */
    private final Duration taskTimeout;
    /** Per task: whether a placement is in flight or being retried; main thread only. */
    private final boolean[] placing;
    /** Per task: when it was last placed or reported progress ({@code System.nanoTime}); main thread only. */
    private final long[] lastHeardNanos;
    /** Per task: the TaskExecutor it was last placed on; main thread only. */
    private final String[] placedOn;

    public JobMaster(
            RpcService rpcService,
            JobRecord record,
            FencingToken token,
            HaStateStore store,
            CheckpointBatcher checkpoints,
            Supplier<ResourceManagerGateway> resourceManager,
            ExecutorService io,
            Timing timing,
            EventLog events,
            Consumer<JobRecord> onChange,
            Runnable onCompleted) {
        super(rpcService, "jobmaster-" + record.jobId() + "-e" + token.epoch());
        this.checkpoints = checkpoints;
        Duration twoTicks = Duration.ofMillis(record.spec().tickMillis()).multipliedBy(2);
        this.taskTimeout = timing.taskTimeout().compareTo(twoTicks) > 0 ? timing.taskTimeout() : twoTicks;
        this.placing = new boolean[record.spec().tasks()];
        this.lastHeardNanos = new long[record.spec().tasks()];
        this.placedOn = new String[record.spec().tasks()];
        this.record = record;
        this.token = token;
        this.store = store;
        this.resourceManager = resourceManager;
        this.io = io;
        this.events = events;
        this.onChange = onChange;
        this.onCompleted = onCompleted;
        events.recordRejections(this, Component.JOB_MASTER);
    }

    @Override
    protected void onStart() {
        setFencingToken(token);
        events.record(
                EventType.JOBMASTER_STARTED,
                Component.JOB_MASTER,
                token.epoch(),
                record.jobId(),
                record.ticksCompleted(),
                getAddress());
        if (record.finished()) {
            checkpoint(record); // finished under a deposed leader that did not store the result: store it
            return;
        }
        for (int task = 0; task < record.spec().tasks(); task++) {
            if (record.ticksDone().get(task) < record.spec().ticksPerTask()) {
                deploy(task);
            }
        }
        scheduleRunAsync(this::placeSilentTasksAgain, taskTimeout.dividedBy(2));
    }

    /** The job now; any thread. */
    public JobRecord current() {
        return record;
    }

    private void deploy(int task) {
        JobRecord r = record;
        if (r.finished()) {
            return;
        }
        TaskDeployment deployment = new TaskDeployment(
                r.jobId(),
                task,
                r.ticksDone().get(task),
                r.spec().ticksPerTask(),
                r.spec().tickMillis(),
                getAddress(),
                token);
        placing[task] = true;
        resourceManager.get().deployTask(deployment).whenComplete((taskExecutor, failure) -> {
            if (failure != null) {
                log.debug("Task {} not placed yet ({}); retrying", deployment.taskId(), failure.getMessage());
                scheduleRunAsync(() -> deploy(task), Duration.ofMillis(50));
            } else {
                runAsync(() -> {
                    placing[task] = false;
                    placedOn[task] = taskExecutor;
                    lastHeardNanos[task] = System.nanoTime();
                });
            }
        });
    }

    /**
     * Places again every placed, unfinished task that has not reported for the task timeout. A
     * TaskExecutor drops its tasks when ZooKeeper no longer tells it who leads, and registers
     * again with the same leader once it does; before this, such a job never finished within the
     * leadership (IP chaos scenario {@code bridge} in a fresh-clone run, issue 17). A task thought
     * silent that still runs is harmless: progress is a maximum per task. Main thread; runs for
     * the life of this JobMaster, whose stop ends it.
     */
    private void placeSilentTasksAgain() {
        JobRecord r = record;
        if (r.finished()) {
            return;
        }
        long now = System.nanoTime();
        for (int task = 0; task < placing.length; task++) {
            int ticksDone = r.ticksDone().get(task);
            if (!placing[task]
                    && ticksDone < r.spec().ticksPerTask()
                    && now - lastHeardNanos[task] > taskTimeout.toNanos()) {
                log.warn(
                        "Task {}/{} silent for {} ms on TaskExecutor '{}'; placing it again from tick {}",
                        r.jobId(),
                        task,
                        (now - lastHeardNanos[task]) / 1_000_000,
                        placedOn[task],
                        ticksDone);
                events.record(
                        EventType.TASK_SILENT, Component.JOB_MASTER, token.epoch(), r.jobId() + "/" + task, ticksDone);
                deploy(task);
            }
        }
        scheduleRunAsync(this::placeSilentTasksAgain, taskTimeout.dividedBy(2));
    }

    @Override
    public void reportProgress(TaskProgress progress) {
        JobRecord r = record;
        if (r.finished()
                || !r.jobId().equals(progress.jobId())
                || progress.taskIndex() < 0
                || progress.taskIndex() >= placing.length) {
            return;
        }
        lastHeardNanos[progress.taskIndex()] = System.nanoTime();
        JobRecord next = r.withProgress(progress.taskIndex(), progress.ticksDone(), token.epoch());
        record = next;
        if (!next.finished()) {
            onChange.accept(next); // a finished job is shown finished once its result is stored
        }
        checkpoint(next);
    }

    /**
     * Progress goes to the session's {@link CheckpointBatcher}, written with every other job's at
     * most once per checkpoint interval. A finished job's record is written at once, on its own,
     * followed by its result.
     */
    private void checkpoint(JobRecord next) {
        if (next.finished()) {
            io.execute(() -> writeFinished(next));
        } else {
            checkpoints.offer(next);
        }
    }

    /** Store thread: the final record, then the result once (if no leader stored it before). */
    private void writeFinished(JobRecord latest) {
        checkpoints.forget(latest.jobId());
        try {
            long invoked = System.nanoTime();
            store.put(token, JobRecord.storeKey(latest.jobId()), latest);
            events.record(
                    EventType.STORE_WRITE,
                    Component.DISPATCHER,
                    token.epoch(),
                    JobRecord.storeKey(latest.jobId()),
                    invoked);
            if (store.get(JobRecord.resultKey(latest.jobId()), JobResult.class).isEmpty()) {
                store.put(
                        token,
                        JobRecord.resultKey(latest.jobId()),
                        new JobResult(latest.jobId(), token.epoch(), System.currentTimeMillis()));
                onCompleted.run();
                events.record(EventType.JOB_FINISHED, Component.JOB_MASTER, token.epoch(), latest.jobId());
                log.info("Job {} finished at epoch {}; result stored", latest.jobId(), token.epoch());
            }
            onChange.accept(latest);
        } catch (Exception e) {
            log.warn("Checkpoint of job {} at epoch {} refused: {}", latest.jobId(), token.epoch(), e.getMessage());
            events.record(
                    EventType.CHECKPOINT_REFUSED,
                    Component.JOB_MASTER,
                    token.epoch(),
                    latest.jobId(),
                    String.valueOf(e.getMessage()));
        }
    }

    @Override
    public CompletableFuture<JobStatus> status() {
        return CompletableFuture.completedFuture(JobStatus.of(record));
    }
}
