package org.hacp.cluster.job;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A job as the HA job store keeps it: its spec, the ticks each task has completed (the last
 * checkpoint), whether it finished, and the epoch of the leader that last wrote it.
 */
public record JobRecord(String jobId, JobSpec spec, List<Integer> ticksDone, boolean finished, long writtenByEpoch) {

    public JobRecord {
        ticksDone = List.copyOf(ticksDone);
    }

    /** The HA job store key of a job's record. */
    public static String storeKey(String jobId) {
        return "job-" + jobId;
    }

    /** The HA job store key of a finished job's result. */
    public static String resultKey(String jobId) {
        return "result-" + jobId;
    }

    /** Whether a job store key holds a job record. */
    public static boolean isRecordKey(String key) {
        return key.startsWith("job-");
    }

    public static JobRecord submitted(String jobId, JobSpec spec, long epoch) {
        return new JobRecord(jobId, spec, Collections.nCopies(spec.tasks(), 0), false, epoch);
    }

    public int totalTicks() {
        return spec.tasks() * spec.ticksPerTask();
    }

    public int ticksCompleted() {
        return ticksDone.stream().mapToInt(Integer::intValue).sum();
    }

    /** This job as its stored result says it ended: every task's ticks done, finished; the writer's epoch kept. */
    public JobRecord asFinished() {
        return new JobRecord(jobId, spec, Collections.nCopies(spec.tasks(), spec.ticksPerTask()), true, writtenByEpoch);
    }

    public JobRecord withProgress(int task, int ticks, long epoch) {
        List<Integer> next = new ArrayList<>(ticksDone);
        next.set(task, Math.max(next.get(task), ticks));
        boolean done = next.stream().allMatch(t -> t >= spec.ticksPerTask());
        return new JobRecord(jobId, spec, next, done, epoch);
    }
}
