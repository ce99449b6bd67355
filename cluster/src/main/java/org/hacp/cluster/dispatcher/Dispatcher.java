package org.hacp.cluster.dispatcher;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.hacp.cluster.Component;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.events.EventType;
import org.hacp.cluster.job.JobRecord;
import org.hacp.cluster.job.JobSpec;
import org.hacp.cluster.job.JobStatus;
import org.hacp.cluster.jobmaster.CheckpointBatcher;
import org.hacp.cluster.jobmaster.JobMaster;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;
import org.hacp.fencing.FencedRpcEndpoint;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.HaStateStore;
import org.hacp.leader.LeadershipLostException;
import org.hacp.rpc.RpcService;
import org.hacp.threads.DaemonThreads;

/**
 * Accepts jobs as leader and runs one {@link JobMaster} per running job. A submission is
 * acknowledged only after the job is written to the HA job store (a fenced write). A new leader
 * recovers every job from the store: finished ones are only listed, unfinished ones get a new
 * JobMaster that resumes each task from its last checkpoint. On revoke every JobMaster is closed.
 * Store I/O runs on its own thread, never on the main thread.
 */
public final class Dispatcher extends FencedRpcEndpoint implements DispatcherGateway {
    public static final String ENDPOINT_ID = Component.DISPATCHER.id();

    /**
     * Whether this JobManager, just granted {@code token}, should step aside for a planned handover
     * to someone else (see {@link PlannedHandover#mustStepAside}). Store I/O, so off the main thread.
     */
    public CompletableFuture<Boolean> mustStepAside(FencingToken token, String self) {
        return CompletableFuture.supplyAsync(() -> handover.mustStepAside(token, self), io);
    }

    private final HaStateStore store;
    private final JobStoreRecovery recovery;
    private final Supplier<ResourceManagerGateway> resourceManager;
    private final ExecutorService io;
    private final EventLog events;
    /** Every job this leader knows, as last reported; main thread writes, any thread reads. */
    private final Map<String, JobRecord> jobs = new ConcurrentHashMap<>();
    /** The JobMasters of this leadership session; main thread only. */
    private final Map<String, JobMaster> jobMasters = new TreeMap<>();
    /** The checkpoint batches of this leadership session, or null; main thread only. */
    private CheckpointBatcher checkpoints;

    private final AtomicInteger completions = new AtomicInteger();
    private final PlannedHandover handover;
    private volatile JobMasterPublisher jobMasterPublisher =
            (addresses, token) -> CompletableFuture.completedFuture(null);
    /** Addresses of the JobMasters (job id to address) started since the last publication; main thread only. */
    private final Map<String, String> toPublish = new LinkedHashMap<>();

    /**
     * Publishes JobMaster addresses (election id to address) under the Dispatcher's leadership; set
     * by the JobManager, which owns the election.
     */
    @FunctionalInterface
    public interface JobMasterPublisher {
        CompletableFuture<Void> publish(Map<String, String> addresses, FencingToken token);
    }

    /** @param jobMasterTiming how each job's JobMaster checkpoints and watches its tasks */
    public Dispatcher(
            RpcService rpcService,
            HaStateStore store,
            Supplier<ResourceManagerGateway> resourceManager,
            JobMaster.Timing jobMasterTiming,
            EventLog events) {
        super(rpcService, ENDPOINT_ID);
        this.jobMasterTiming = jobMasterTiming;
        this.store = store;
        this.resourceManager = resourceManager;
        this.events = events;
        this.io = DaemonThreads.single("hacp-dispatcher-store");
        this.recovery = new JobStoreRecovery(store, events);
        this.handover = new PlannedHandover(store, events);
    }

    /** Planned handovers of this Dispatcher's leadership. */
    public PlannedHandover handover() {
        return handover;
    }

    /** Starts watching the job store's keys, for {@link #recover} to read ahead of listing them. */
    @Override
    protected void onStart() {
        io.execute(() -> {
            try {
                store.keysSeen();
            } catch (Exception e) {
                log.info("Not watching the job store's keys (each recovery lists them): {}", e.toString());
            }
        });
    }

    @Override
    protected CompletableFuture<Void> onStop() {
        closeJobMasters();
        io.shutdown();
        return CompletableFuture.completedFuture(null);
    }

    private final JobMaster.Timing jobMasterTiming;

    /** Written by the io thread after each recovery; read by any thread. */
    private volatile Map<String, String> unreadableRecords = Map.of();

    /** Jobs this process has seen complete while leading (tests check "exactly once" with it). */
    public int completions() {
        return completions.get();
    }

    /** Ids of the jobs that have a JobMaster in this process now. Any thread (a snapshot). */
    public List<String> runningJobMasters() {
        try {
            return callAsyncWithoutFencing(() -> List.copyOf(jobMasters.keySet()), Duration.ofSeconds(5))
                    .get();
        } catch (Exception e) {
            return List.of();
        }
    }

    /** Becomes leader: installs the token, then recovers jobs from the store. */
    public CompletableFuture<Void> grant(FencingToken token) {
        return callAsyncWithoutFencing(
                        () -> {
                            closeJobMasters();
                            jobs.clear();
                            setFencingToken(token);
                            return null;
                        },
                        Duration.ofSeconds(10))
                .thenRun(() -> io.execute(() -> recover(token)));
    }

    /** Stops acting as leader: every JobMaster is closed (the store keeps the jobs). */
    public void revoke() {
        runAsyncWithoutFencing(() -> {
            setFencingToken(null);
            closeJobMasters();
            jobs.clear();
        });
    }

    private void closeJobMasters() {
        jobMasters.values().forEach(JobMaster::closeAsync);
        jobMasters.clear();
        toPublish.clear(); // a publication queued for the ended session was dropped with its token
        if (checkpoints != null) {
            checkpoints.close();
            checkpoints = null;
        }
    }

    /** Io thread: reads every job record (see {@link JobStoreRecovery}) and hands each to the main thread. */
    private void recover(FencingToken token) {
        unreadableRecords = recovery.read(token, job -> runAsync(() -> recovered(job, token)));
    }

    /**
     * Main thread: a recovered record is taken up unless leadership moved meanwhile: an unfinished
     * job resumes; a finished one whose result is missing gets a JobMaster that stores it.
     */
    private void recovered(JobStoreRecovery.RecoveredJob job, FencingToken token) {
        JobRecord record = job.record();
        if (!token.equals(getFencingToken()) || jobs.containsKey(record.jobId())) {
            return;
        }
        jobs.put(record.jobId(), record);
        if (record.finished() && !job.resultMissing()) {
            return;
        }
        if (record.finished()) {
            log.info(
                    "Recovered job {}: finished by epoch {} without its result stored; storing it at epoch {}",
                    record.jobId(),
                    record.writtenByEpoch(),
                    token.epoch());
        } else {
            log.info(
                    "Recovered job {} at {}/{} ticks (checkpoint of epoch {}); resuming at epoch {}",
                    record.jobId(),
                    record.ticksCompleted(),
                    record.totalTicks(),
                    record.writtenByEpoch(),
                    token.epoch());
        }
        events.record(
                EventType.JOB_RECOVERED,
                Component.DISPATCHER,
                token.epoch(),
                record.jobId(),
                record.ticksCompleted(),
                record.writtenByEpoch());
        startJobMaster(record, token);
    }

    /** Job store keys whose records the last recovery could not read, with the reason. Any thread. */
    public Map<String, String> unreadableJobRecords() {
        return unreadableRecords;
    }

    private void startJobMaster(JobRecord record, FencingToken token) {
        if (checkpoints == null || !checkpoints.token().equals(token)) { // the session's first job
            checkpoints = new CheckpointBatcher(
                    token,
                    store,
                    io,
                    getRpcService().getScheduledExecutor(),
                    jobMasterTiming.checkpointInterval(),
                    events);
        }
        JobMaster master = new JobMaster(
                getRpcService(),
                record,
                token,
                store,
                checkpoints,
                resourceManager,
                io,
                jobMasterTiming,
                events,
                next -> jobs.put(next.jobId(), next),
                completions::incrementAndGet);
        jobMasters.put(record.jobId(), master);
        master.start();
        if (toPublish.isEmpty()) {
            runAsync(() -> publishJobMasters(token)); // after the JobMasters recovered in this turn
        }
        toPublish.put(record.jobId(), master.getAddress());
    }

    /**
     * Publishes the addresses of the JobMasters started since the last call, together: a new
     * leader of 1,000 jobs published them one by one, 3,000 round trips on its election's thread
     * (issue 32). Main thread.
     */
    private void publishJobMasters(FencingToken token) {
        Map<String, String> addresses = Map.copyOf(toPublish);
        toPublish.clear();
        Map<String, String> byElectionId = new LinkedHashMap<>();
        addresses.forEach((jobId, address) -> byElectionId.put(Component.jobMasterElectionId(jobId), address));
        jobMasterPublisher.publish(byElectionId, token).whenComplete((ok, failure) -> {
            if (failure == null) {
                addresses.forEach((jobId, address) -> events.record(
                        EventType.JOBMASTER_PUBLISHED, Component.JOB_MASTER, token.epoch(), jobId, address));
            } else if (failure instanceof LeadershipLostException
                    || failure.getCause() instanceof LeadershipLostException) {
                log.debug(
                        "{} JobMaster(s) at epoch {} not published: leadership ended", addresses.size(), token.epoch());
            } else {
                log.warn(
                        "{} JobMaster(s) at epoch {} not published: {}",
                        addresses.size(),
                        token.epoch(),
                        failure.getMessage());
            }
        });
    }

    /** How JobMaster addresses get published. */
    public void publishJobMastersWith(JobMasterPublisher publisher) {
        this.jobMasterPublisher = publisher;
    }

    @Override
    public CompletableFuture<String> submitJob(JobSpec spec) {
        FencingToken token = getFencingToken();
        // 122 random bits (8 hex digits, as before, collide by the birthday bound after ~77,000 jobs),
        // and the record is created, never overwritten: a collision is refused (FLINK-19358, issue 30).
        String jobId = spec.name() + "-" + UUID.randomUUID().toString().replace("-", "");
        JobRecord record = JobRecord.submitted(jobId, spec, token.epoch());
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        long invoked = System.nanoTime();
                        store.create(token, JobRecord.storeKey(jobId), record);
                        events.record(
                                EventType.STORE_WRITE,
                                Component.DISPATCHER,
                                token.epoch(),
                                JobRecord.storeKey(jobId),
                                invoked);
                    } catch (Exception e) {
                        throw new IllegalStateException(
                                "job " + jobId + " was not stored, so it is not accepted: " + e.getMessage(), e);
                    }
                    runAsync(() -> {
                        if (!token.equals(getFencingToken())) {
                            // Stored under a leadership that ended meanwhile: the newer one's
                            // recovery runs it, and a JobMaster of the old token would only be refused.
                            log.info(
                                    "Job {} stored at epoch {}, which no longer leads; its new leader recovers it",
                                    jobId,
                                    token.epoch());
                            return;
                        }
                        jobs.put(jobId, record);
                        events.record(EventType.JOB_SUBMITTED, Component.DISPATCHER, token.epoch(), jobId);
                        log.info(
                                "Job {} accepted at epoch {}: {} tasks x {} ticks",
                                jobId,
                                token.epoch(),
                                spec.tasks(),
                                spec.ticksPerTask());
                        startJobMaster(record, token);
                    });
                    return jobId;
                },
                io);
    }

    @Override
    public CompletableFuture<Boolean> stepDown(long stayOutMillis, String successor) {
        return handover.stepDown(getFencingToken(), stayOutMillis, successor);
    }

    @Override
    public CompletableFuture<List<JobStatus>> listJobs() {
        return CompletableFuture.completedFuture(
                new TreeMap<>(jobs).values().stream().map(JobStatus::of).toList());
    }
}
