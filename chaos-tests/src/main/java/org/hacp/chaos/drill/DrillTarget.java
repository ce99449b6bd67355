package org.hacp.chaos.drill;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hacp.cluster.Component;
import org.hacp.leader.LeaderInformation;

/** The deployment a drill acts on: where its leaders and event logs are, and how faults are applied to it. */
public interface DrillTarget extends AutoCloseable {

    /** The current leader of {@code component} as ZooKeeper says, or null. */
    LeaderInformation leader(Component component);

    /** The process id (as in the event logs) of the dispatcher leader, or null. */
    String leaderProcess();

    /** Directories holding the cluster's {@code *.events.jsonl}. */
    List<Path> eventLogDirs();

    Duration sessionTimeout();

    /** How many TaskExecutors should reconnect. */
    int taskExecutors();

    /**
     * Fails, saying why, when this deployment gives no access for {@code kind}; checked before
     * anything is done to the cluster.
     */
    default void checkApplicable(DrillKind kind) throws DrillNotApplicableException {}

    /** Sets up what applying the fault needs (e.g. a connection), so that its cost is not timed as the cluster's. */
    default void prepare(DrillKind kind) throws Exception {}

    /**
     * Applies the fault of {@code kind} to the current leader; {@code length} is how long a
     * pause or isolation lasts before {@link #endFault} is due.
     *
     * @throws DrillNotApplicableException when this deployment gives no access for it (the message says why)
     */
    void startFault(DrillKind kind) throws Exception;

    /** Ends a fault that lasts (resume, heal, restart a server); a no-op for the others. */
    void endFault(DrillKind kind) throws Exception;

    /** Thrown when a drill needs process or network access this deployment does not give. */
    final class DrillNotApplicableException extends Exception {
        private static final long serialVersionUID = 1L;

        public DrillNotApplicableException(String message) {
            super(message);
        }
    }
}
