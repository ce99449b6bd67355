package org.hacp.cluster.job;

/** A task's progress report: ticks done so far; {@code ticksDone == ticks} means finished. */
public record TaskProgress(String jobId, int taskIndex, int ticksDone, String taskExecutorId) {}
