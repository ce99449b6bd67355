package org.hacp.leader;

import java.util.Optional;

/** Hears of every change of one component's leader. Called one event at a time. */
public interface LeaderRetrievalListener {

    /** The leader is now {@code leader}; empty means "no leader known". */
    void notifyLeaderAddress(Optional<LeaderInformation> leader);

    /** Retrieval met something it could not read (e.g. a corrupt znode); it keeps watching. */
    void handleError(Exception error);
}
