package org.hacp.cluster;

import java.util.List;
import java.util.Locale;

/**
 * The components of a cluster, by the id they have in elections, HA storage and event logs. The
 * ResourceManager and the Dispatcher are elected; a JobMaster's address is published under the
 * Dispatcher's leadership ({@link #jobMasterElectionId}); TaskExecutors follow.
 */
public enum Component {
    RESOURCE_MANAGER("resourcemanager"),
    DISPATCHER("dispatcher"),
    JOB_MASTER("jobmaster"),
    TASK_EXECUTOR("taskexecutor");

    /** The components every JobManager runs for election, in the order status views list them. */
    public static final List<Component> ELECTED = List.of(DISPATCHER, RESOURCE_MANAGER);

    private final String id;

    Component(String id) {
        this.id = id;
    }

    /** The id in ZooKeeper paths, HA state and event logs, e.g. {@code resourcemanager}. */
    public String id() {
        return id;
    }

    /** The component whose id is {@code id}. */
    public static Component ofId(String id) {
        for (Component c : values()) {
            if (c.id.equals(id)) {
                return c;
            }
        }
        throw new IllegalArgumentException("unknown component '" + id + "'; known: " + List.of(values()));
    }

    /** The election id under which the JobMaster of {@code jobId} publishes its address. */
    public static String jobMasterElectionId(String jobId) {
        return JOB_MASTER.id + "-" + jobId.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return id;
    }
}
