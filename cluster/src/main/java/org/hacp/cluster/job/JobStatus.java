package org.hacp.cluster.job;

/** A job as operators see it. */
public record JobStatus(String jobId, String name, int tasks, int ticksCompleted, int totalTicks, boolean finished) {

    public static JobStatus of(JobRecord r) {
        return new JobStatus(
                r.jobId(), r.spec().name(), r.spec().tasks(), r.ticksCompleted(), r.totalTicks(), r.finished());
    }
}
