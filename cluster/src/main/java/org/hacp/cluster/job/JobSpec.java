package org.hacp.cluster.job;

/**
 * What a user submits: a named set of {@code tasks} tasks, each running {@code ticksPerTask}
 * ticks of {@code tickMillis} on a TaskExecutor slot.
 */
public record JobSpec(String name, int tasks, int ticksPerTask, int tickMillis) {
    public JobSpec {
        if (name == null || !name.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
            throw new IllegalArgumentException(
                    "job name '" + name + "' is not allowed: 1-64 letters, digits, '-' or '_'");
        }
        if (tasks < 1 || tasks > 1000) {
            throw new IllegalArgumentException("tasks = " + tasks + " is out of range: allowed 1 .. 1000");
        }
        if (ticksPerTask < 1 || ticksPerTask > 1_000_000) {
            throw new IllegalArgumentException(
                    "ticksPerTask = " + ticksPerTask + " is out of range: allowed 1 .. 1000000");
        }
        if (tickMillis < 1 || tickMillis > 60_000) {
            throw new IllegalArgumentException("tickMillis = " + tickMillis + " is out of range: allowed 1 .. 60000");
        }
    }
}
