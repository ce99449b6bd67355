package org.hacp.cluster.process;

/** The kinds of cluster process, with the main class each runs. */
public enum Role {
    JOB_MANAGER("jobmanager", JobManagerProcess.class),
    TASK_EXECUTOR("taskexecutor", TaskExecutorProcess.class);

    private final String id;
    private final Class<?> mainClass;

    Role(String id, Class<?> mainClass) {
        this.id = id;
        this.mainClass = mainClass;
    }

    /** The role's name in command lines and event logs, e.g. {@code jobmanager}. */
    public String id() {
        return id;
    }

    public String mainClassName() {
        return mainClass.getName();
    }

    @Override
    public String toString() {
        return id;
    }
}
