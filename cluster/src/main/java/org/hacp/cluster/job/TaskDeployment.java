package org.hacp.cluster.job;

import org.hacp.fencing.FencingToken;

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

    /** How the TaskExecutor names the task. */
    public String taskId() {
        return jobId + "/" + taskIndex;
    }
}
