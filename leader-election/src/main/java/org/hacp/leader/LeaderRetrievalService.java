package org.hacp.leader;

/** Watches one component's leader information and tells a listener of every change. */
public interface LeaderRetrievalService extends AutoCloseable {

    /** Starts watching; the listener first hears the current state. */
    void start(LeaderRetrievalListener listener);

    @Override
    void close();
}
