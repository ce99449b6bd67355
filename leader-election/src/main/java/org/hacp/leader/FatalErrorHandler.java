package org.hacp.leader;

/**
 * Receives errors the process cannot recover from by itself: ZooKeeper authentication failures,
 * ACL refusals, unexpected Curator background errors. A JobManager exits on them.
 */
@FunctionalInterface
public interface FatalErrorHandler {
    void onFatalError(Throwable error);
}
