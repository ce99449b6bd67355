package org.hacp.chaos.cluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hacp.cluster.Component;
import org.hacp.cluster.client.ClusterClient;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.events.EventType;
import org.hacp.cluster.job.JobRecord;
import org.hacp.cluster.job.JobSpec;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway.ResourceManagerStatus;
import org.hacp.ha.HaStateStore;
import org.hacp.leader.LeaderInformation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The harness's view of a chaos cluster and its own calls, from outside the faults: which member
 * leads, whether the cluster has settled, job submissions and the jobs' final state in the HA
 * store. Outcomes are recorded as {@code client} and {@code settled} steps for the checker.
 *
 * @param <M> the cluster's kind of member
 */
public final class HarnessClient<M extends ChaosTarget.Member> {
    private static final Logger LOG = LoggerFactory.getLogger(HarnessClient.class);
    /** Client steps the checker reads. */
    public static final String SUBMIT = "submit";

    public static final String FINAL_JOB = "final-job";
    public static final String NEW_LEADER = "new-leader";
    /** Settled steps: every leader and TaskExecutor in place; every acknowledged job durable and finished. */
    public static final String SETTLED = "settled";

    public static final String JOBS_FINISHED = "jobs-finished";

    private final ChaosTarget<M> chaos;
    private final EventLog log;
    private final List<String> acknowledgedJobs = new ArrayList<>();

    public HarnessClient(ChaosTarget<M> chaos, EventLog log) {
        this.chaos = chaos;
        this.log = log;
    }

    private ClusterClient client() {
        return chaos.clusterClient();
    }

    /** The leader information of {@code component} the observer sees now, or null. */
    public LeaderInformation leaderOf(Component component) {
        return client().leader(component);
    }

    /** The JobManager whose address the dispatcher leader information names, or null. */
    public M leaderNode() {
        LeaderInformation info = leaderOf(Component.DISPATCHER);
        if (info == null) {
            return null;
        }
        return chaos.jobManagers().stream()
                .filter(n -> n.serves(info.address()))
                .findFirst()
                .orElse(null);
    }

    /** The dispatcher epoch the observer sees now (-1 without a leader). */
    public long dispatcherEpoch() {
        LeaderInformation info = leaderOf(Component.DISPATCHER);
        return info == null ? -1 : info.epoch();
    }

    /** The JobManagers that do not lead now. */
    public List<M> followers() {
        M leader = leaderNode();
        return chaos.jobManagers().stream().filter(n -> n != leader).toList();
    }

    /** Waits until the observer sees a dispatcher leader above {@code epoch}; records and returns whether one came. */
    public boolean awaitLeaderAbove(long epoch, Duration within) throws InterruptedException {
        try {
            LeaderInformation next = client().awaitLeader(Component.DISPATCHER, l -> l.epoch() > epoch, within);
            log.recordStep(EventType.CLIENT, NEW_LEADER, "ok", Map.of("epoch", next.epoch()));
            return true;
        } catch (TimeoutException e) {
            log.recordStep(EventType.CLIENT, NEW_LEADER, "fail", Map.of("above", epoch));
            return false;
        }
    }

    /**
     * Waits until both components have a leader on one live, unpaused node and its
     * ResourceManager has every TaskExecutor registered; records the outcome as {@code settled}
     * (ok with the epoch, or fail naming what was missing). Returns whether it settled in time.
     */
    public boolean awaitSettled(Duration within) throws InterruptedException {
        return awaitRecorded(SETTLED, within, false);
    }

    /**
     * Ends a run whose faults are healed: the cluster settles within {@code convergence}, every
     * acknowledged job finishes within {@code jobs}, the cluster is observed settled once more, and
     * the job store's final contents are recorded. The second observation is there because
     * leadership can still move after the first (a client that declares its session LOST late,
     * zk-down-short); the checker holds the first to its bound and the last to convergence.
     */
    public void awaitRunEnd(Duration convergence, Duration jobs) throws InterruptedException {
        awaitSettled(convergence);
        awaitJobsFinished(jobs);
        awaitSettled(convergence);
        recordFinalJobs();
    }

    /** Waits until every acknowledged job is finished in the HA job store; records {@code jobs-finished}. */
    private boolean awaitJobsFinished(Duration within) throws InterruptedException {
        return awaitRecorded(JOBS_FINISHED, within, true);
    }

    private boolean awaitRecorded(String what, Duration within, boolean jobs) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = jobs ? unfinishedJob() : unsettled();
            if (last == null) {
                log.recordStep(
                        EventType.SETTLED,
                        what,
                        "ok",
                        Map.of("epoch", leaderOf(Component.RESOURCE_MANAGER).epoch()));
                return true;
            }
            Thread.sleep(100); // polling other processes, not synchronization
        }
        log.recordStep(EventType.SETTLED, what, "fail", Map.of("problem", last));
        LOG.warn("{}: not within {} ms: {}", what, within.toMillis(), last);
        return false;
    }

    /** What keeps the cluster from being settled, or null when it is. */
    private String unsettled() {
        LeaderInformation dispatcher = leaderOf(Component.DISPATCHER);
        LeaderInformation rm = leaderOf(Component.RESOURCE_MANAGER);
        if (dispatcher == null || rm == null) {
            return "no leader published";
        }
        M leader = leaderNode();
        if (leader == null || !leader.alive() || leader.paused()) {
            return "the published leader is not a live node";
        }
        if (!leader.serves(rm.address())) {
            return "dispatcher and resourcemanager lead on different nodes";
        }
        try {
            ResourceManagerStatus status = client().resourceManagerStatus(rm).get(3, TimeUnit.SECONDS);
            int expected = chaos.taskExecutorCount();
            if (status.epoch() != rm.epoch() || status.taskExecutors().size() < expected) {
                return "resourcemanager at epoch " + rm.epoch() + " has "
                        + status.taskExecutors().size() + "/" + expected + " TaskExecutors";
            }
            return null;
        } catch (Exception e) {
            return "leader not answering: " + e.getMessage();
        }
    }

    /**
     * The first acknowledged job not yet finished in the HA store, or null. The store, not the
     * leader's view: a job counts once its final record and its result are durable.
     */
    private String unfinishedJob() {
        HaStateStore store = chaos.observer().stateStore(Component.DISPATCHER.id());
        try {
            synchronized (acknowledgedJobs) {
                for (String job : acknowledgedJobs) {
                    Optional<JobRecord> stored = store.get(JobRecord.storeKey(job), JobRecord.class);
                    if (stored.isEmpty()
                            || !stored.get().finished()
                            || store.get(JobRecord.resultKey(job), Map.class).isEmpty()) {
                        return "job " + job + " not finished in the HA job store yet";
                    }
                }
            }
            return null;
        } catch (Exception e) {
            return "HA store not answering: " + e.getMessage();
        }
    }

    /** Submits a job to the dispatcher leader, retrying until acknowledged; records invoke and ok/fail. */
    public String submit(JobSpec spec, Duration within) throws InterruptedException {
        log.recordStep(EventType.CLIENT, SUBMIT, "invoke", Map.of("name", spec.name()));
        long deadline = System.nanoTime() + within.toNanos();
        String error = "no dispatcher leader";
        while (System.nanoTime() < deadline) {
            LeaderInformation leader = leaderOf(Component.DISPATCHER);
            if (leader != null) {
                try {
                    String jobId = client().dispatcher(leader)
                            .get(3, TimeUnit.SECONDS)
                            .submitJob(spec)
                            .get(5, TimeUnit.SECONDS);
                    synchronized (acknowledgedJobs) {
                        acknowledgedJobs.add(jobId);
                    }
                    log.recordStep(EventType.CLIENT, SUBMIT, "ok", Map.of("job", jobId, "epoch", leader.epoch()));
                    return jobId;
                } catch (Exception e) {
                    error = e.getMessage();
                }
            }
            Thread.sleep(100); // retrying against another process
        }
        log.recordStep(EventType.CLIENT, SUBMIT, "fail", Map.of("error", String.valueOf(error)));
        return null;
    }

    /** Records what the HA job store holds for every acknowledged job (the checker's "lost" test). */
    private void recordFinalJobs() {
        List<String> jobs;
        synchronized (acknowledgedJobs) {
            jobs = List.copyOf(acknowledgedJobs);
        }
        HaStateStore store = chaos.observer().stateStore(Component.DISPATCHER.id());
        for (String job : jobs) {
            try {
                Optional<JobRecord> stored = store.get(JobRecord.storeKey(job), JobRecord.class);
                log.recordStep(
                        EventType.CLIENT,
                        FINAL_JOB,
                        "ok",
                        Map.of(
                                "job",
                                job,
                                "stored",
                                stored.isPresent(),
                                "finished",
                                stored.map(JobRecord::finished).orElse(false),
                                "ticks",
                                stored.map(JobRecord::ticksCompleted).orElse(0)));
            } catch (Exception e) {
                log.recordStep(
                        EventType.CLIENT,
                        FINAL_JOB,
                        "fail",
                        Map.of("job", job, "error", String.valueOf(e.getMessage())));
            }
        }
    }
}
