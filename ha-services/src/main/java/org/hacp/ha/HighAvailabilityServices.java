package org.hacp.ha;

import java.util.List;
import java.util.Optional;
import org.hacp.leader.LeaderDetection;
import org.hacp.leader.LeaderElection;
import org.hacp.leader.LeaderRetrievalService;

/**
 * The one object that gives each component of a process its election, its retrievers and its HA
 * storage. {@link #close()} keeps HA data (a successor needs it); {@link #closeAndCleanupAllData()}
 * removes this cluster's data and is only for an explicit cluster shutdown, never for failover.
 */
public interface HighAvailabilityServices extends AutoCloseable {

    /** The election of {@code componentId} in this process (one per component). */
    LeaderElection leaderElection(String componentId);

    /** A new retriever of {@code componentId}'s leader; the caller closes it. */
    LeaderRetrievalService leaderRetriever(String componentId);

    /** The fenced state store of {@code componentId}; writes need that component's current token. */
    HaStateStore stateStore(String componentId);

    /**
     * The ids of the processes in the election, the leader first, when this implementation can
     * tell; empty when it cannot. Waits on ZooKeeper.
     */
    default Optional<List<String>> participants() {
        return Optional.empty();
    }

    /**
     * When this process last suspected and then confirmed a crashed leader gone ({@code
     * System.nanoTime}, fast takeover: issue 16); empty when it never did or cannot tell.
     */
    default Optional<LeaderDetection> lastLeaderDetection() {
        return Optional.empty();
    }

    /** Releases connections and leadership; keeps HA data. */
    @Override
    void close();

    /** Releases everything and deletes all of this cluster's HA data. */
    void closeAndCleanupAllData() throws Exception;
}
