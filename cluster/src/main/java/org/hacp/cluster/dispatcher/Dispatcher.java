package org.hacp.cluster.dispatcher;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.job.JobRecord;
import org.hacp.cluster.job.JobSpec;
import org.hacp.cluster.job.JobStatus;
import org.hacp.cluster.job.TaskDeployment;
import org.hacp.cluster.job.TaskProgress;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;
import org.hacp.fencing.FencedRpcEndpoint;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.HaStateStore;
import org.hacp.rpc.RpcService;

/**
 * Accepts jobs and drives them to completion as leader. A submission is acknowledged only after
 * the job is written to the HA job store (a fenced write); progress is checkpointed there (fenced)
 * and a finished job's result is written once. A new leader recovers every unfinished job from
 * the store and redeploys each task from its last checkpoint. Store I/O runs on its own thread,
 * never on the main thread.
 */
public final class Dispatcher extends FencedRpcEndpoint implements DispatcherGateway {
    public static final String ENDPOINT_ID = "dispatcher";
    private static final String JOB = "job-";
    private static final String RESULT = "result-";

    /** A finished job's result, written once. */
    public record JobResult(String jobId, long finishedByEpoch, long finishedAtMillis) {}

    private final HaStateStore store;
    private final Supplier<ResourceManagerGateway> resourceManager;
    private final ExecutorService io;
    private final Map<String, JobRecord> jobs = new TreeMap<>();
    /** Latest record per job for the checkpoint writer; jobs with a write queued. */
    private final Map<String, JobRecord> toCheckpoint = new ConcurrentHashMap<>();
    private final Set<String> checkpointQueued = ConcurrentHashMap.newKeySet();
    private final AtomicInteger completions = new AtomicInteger();
    private final EventLog events;
    private volatile java.util.function.LongConsumer stepDownHandler = ms -> { };

    public Dispatcher(RpcService rpcService, HaStateStore store, Supplier<ResourceManagerGateway> resourceManager, EventLog events) {
        super(rpcService, ENDPOINT_ID);
        this.events = events;
        this.store = store;
        this.resourceManager = resourceManager;
        this.io = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "hacp-dispatcher-store");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    protected CompletableFuture<Void> onStop() {
        io.shutdown();
        return CompletableFuture.completedFuture(null);
    }

    /** Jobs this process has seen complete while leading (tests check "exactly once" with it). */
    public int completions() {
        return completions.get();
    }

    /** Becomes leader: installs the token, then recovers unfinished jobs from the store. */
    public CompletableFuture<Void> grant(FencingToken token) {
        return callAsyncWithoutFencing(() -> {
            jobs.clear();
            setFencingToken(token);
            return null;
        }, Duration.ofSeconds(10)).thenRun(() -> io.execute(() -> recover(token)));
    }

    /** Stops acting as leader; its in-memory jobs are dropped (the store keeps them). */
    public void revoke() {
        runAsyncWithoutFencing(() -> {
            setFencingToken(null);
            jobs.clear();
        });
    }

    private void recover(FencingToken token) {
        try {
            for (String key : store.keys()) {
                if (!key.startsWith(JOB)) {
                    continue;
                }
                store.get(key, JobRecord.class).ifPresent(record -> runAsync(() -> {
                    if (record.finished()) {
                        jobs.putIfAbsent(record.jobId(), record); // listed, never run again
                        return;
                    }
                    if (token.equals(getFencingToken()) && !jobs.containsKey(record.jobId())) {
                        log.info("Recovered job {} at {}/{} ticks (checkpoint of epoch {}); resuming at epoch {}", record.jobId(),
                                record.ticksCompleted(), record.totalTicks(), record.writtenByEpoch(), token.epoch());
                        jobs.put(record.jobId(), record);
                        events.record("job-recovered", "component", "dispatcher", "epoch", token.epoch(), "job", record.jobId(),
                                "ticks", record.ticksCompleted(), "checkpointEpoch", record.writtenByEpoch());
                        deployUnfinishedTasks(record);
                    }
                }));
            }
        } catch (Exception e) {
            log.error("Recovering jobs at epoch {} failed", token.epoch(), e);
        }
    }

    @Override
    public CompletableFuture<String> submitJob(JobSpec spec) {
        FencingToken token = getFencingToken();
        String jobId = spec.name() + "-" + UUID.randomUUID().toString().substring(0, 8);
        JobRecord record = JobRecord.submitted(jobId, spec, token.epoch());
        return CompletableFuture.supplyAsync(() -> {
            try {
                store.put(token, JOB + jobId, record);
            } catch (Exception e) {
                throw new IllegalStateException("job " + jobId + " was not stored, so it is not accepted: " + e.getMessage(), e);
            }
            runAsync(() -> {
                jobs.put(jobId, record);
                events.record("job-submitted", "component", "dispatcher", "epoch", token.epoch(), "job", jobId);
                log.info("Job {} accepted at epoch {}: {} tasks x {} ticks", jobId, token.epoch(), spec.tasks(), spec.ticksPerTask());
                deployUnfinishedTasks(record);
            });
            return jobId;
        }, io);
    }

    private void deployUnfinishedTasks(JobRecord record) {
        for (int task = 0; task < record.spec().tasks(); task++) {
            if (record.ticksDone().get(task) < record.spec().ticksPerTask()) {
                deploy(record.jobId(), task);
            }
        }
    }

    private void deploy(String jobId, int task) {
        JobRecord record = jobs.get(jobId);
        if (record == null || record.finished()) {
            return;
        }
        TaskDeployment deployment = new TaskDeployment(jobId, task, record.ticksDone().get(task), record.spec().ticksPerTask(),
                record.spec().tickMillis(), getAddress(), getFencingToken());
        resourceManager.get().deployTask(deployment).whenComplete((taskExecutor, failure) -> {
            if (failure != null) {
                log.debug("Task {} not placed yet ({}); retrying", deployment.taskId(), failure.getMessage());
                scheduleRunAsync(() -> deploy(jobId, task), Duration.ofMillis(50));
            }
        });
    }

    @Override
    public void reportProgress(TaskProgress progress) {
        JobRecord record = jobs.get(progress.jobId());
        if (record == null || record.finished()) {
            return;
        }
        JobRecord next = record.withProgress(progress.taskIndex(), progress.ticksDone(), getFencingToken().epoch());
        jobs.put(next.jobId(), next);
        checkpoint(next);
    }

    private void checkpoint(JobRecord record) {
        FencingToken token = getFencingToken();
        toCheckpoint.put(record.jobId(), record);
        if (!checkpointQueued.add(record.jobId())) {
            return; // the queued write will pick up this newer record
        }
        io.execute(() -> {
            checkpointQueued.remove(record.jobId());
            JobRecord latest = toCheckpoint.get(record.jobId());
            try {
                store.put(token, JOB + latest.jobId(), latest);
                if (latest.finished() && store.get(RESULT + latest.jobId(), JobResult.class).isEmpty()) {
                    store.put(token, RESULT + latest.jobId(), new JobResult(latest.jobId(), token.epoch(), System.currentTimeMillis()));
                    completions.incrementAndGet();
                    events.record("job-finished", "component", "dispatcher", "epoch", token.epoch(), "job", latest.jobId());
                    log.info("Job {} finished at epoch {}; result stored", latest.jobId(), token.epoch());
                }
            } catch (Exception e) {
                log.warn("Checkpoint of job {} at epoch {} refused: {}", latest.jobId(), token.epoch(), e.getMessage());
                events.record("checkpoint-refused", "component", "dispatcher", "epoch", token.epoch(), "job", latest.jobId(),
                        "error", String.valueOf(e.getMessage()));
            }
        });
    }

    /** What {@link #stepDown} does: set by the JobManager, which owns the elections. */
    public void onStepDown(java.util.function.LongConsumer handler) {
        this.stepDownHandler = handler;
    }

    @Override
    public CompletableFuture<Boolean> stepDown(long stayOutMillis) {
        if (stayOutMillis < 0 || stayOutMillis > 600_000) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("stay-out = " + stayOutMillis
                    + " ms is out of range: allowed 0 .. 600000"));
        }
        log.info("Dispatcher at epoch {} steps down for a planned handover (stays out {} ms)", getFencingToken().epoch(), stayOutMillis);
        events.record("step-down", "component", "dispatcher", "epoch", getFencingToken().epoch(), "stayOutMillis", stayOutMillis);
        java.util.function.LongConsumer handler = stepDownHandler;
        // Off the main thread: leaving the elections revokes this endpoint, which needs its main thread.
        CompletableFuture.runAsync(() -> handler.accept(stayOutMillis));
        return CompletableFuture.completedFuture(true);
    }

    @Override
    public CompletableFuture<List<JobStatus>> listJobs() {
        return CompletableFuture.completedFuture(jobs.values().stream().map(JobStatus::of).toList());
    }
}
