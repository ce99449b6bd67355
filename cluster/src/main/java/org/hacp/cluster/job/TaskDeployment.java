package org.hacp.cluster.job;

import org.hacp.fencing.FencingToken;

/**
 * Run task {@code taskIndex} of a job from tick {@code fromTick}, reporting progress to the
 * Dispatcher at {@code dispatcherAddress} with {@code dispatcherToken}.
 */
public record TaskDeployment(String jobId, int taskIndex, int fromTick, int ticks, int tickMillis, String dispatcherAddress,
        FencingToken dispatcherToken) {

    /** How the TaskExecutor names the task. */
    public String taskId() {
        return jobId + "/" + taskIndex;
    }
}
