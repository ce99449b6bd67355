package org.hacp.cluster.job;

import org.hacp.fencing.FencingToken;
import org.hacp.rpc.EndpointAddresses;

/**
 * Run task {@code taskIndex} of a job from tick {@code fromTick}, reporting progress to the
 * job's JobMaster at {@code jobMasterAddress} with {@code jobMasterToken}.
 */
public record TaskDeployment(
        String jobId,
        int taskIndex,
        int fromTick,
        int ticks,
        int tickMillis,
        String jobMasterAddress,
        FencingToken jobMasterToken) {

    /** Checked when it is made, so a peer's deployment is refused while it is decoded (issue 12). */
    public TaskDeployment {
        if (jobId == null || !jobId.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,72}")) {
            throw new IllegalArgumentException("job id '" + jobId + "' is not allowed");
        }
        if (taskIndex < 0 || taskIndex >= 1000) {
            throw new IllegalArgumentException("task index " + taskIndex + " is out of range: allowed 0 .. 999");
        }
        if (ticks < 1 || ticks > 1_000_000 || fromTick < 0 || fromTick > ticks) {
            throw new IllegalArgumentException(
                    "ticks " + fromTick + " of " + ticks + " are out of range: allowed 0 <= from <= ticks <= 1000000");
        }
        if (tickMillis < 1 || tickMillis > 60_000) {
            throw new IllegalArgumentException(
                    "tick interval " + tickMillis + " ms is out of range: allowed 1 .. 60000");
        }
        EndpointAddresses.require(jobMasterAddress, "JobMaster address");
        if (jobMasterToken == null) {
            throw new IllegalArgumentException("a deployment needs its JobMaster's token");
        }
    }

    /** How the TaskExecutor names the task. */
    public String taskId() {
        return jobId + "/" + taskIndex;
    }
}
