package org.hacp.leader;

import org.hacp.fencing.FencingToken;

/**
 * A component that wants to lead. Callbacks come one at a time on the election's event thread and
 * must not block it (hand work to the component's own main thread).
 */
public interface LeaderContender {

    /**
     * This process now leads the component with {@code token}. The contender starts acting as
     * leader with it and then calls {@link LeaderElection#confirmLeadership} to publish its address.
     */
    void grantLeadership(FencingToken token);

    /** Leadership is gone (lost, suspended by policy, or handed over). Stop acting as leader. */
    void revokeLeadership();

    /** The election hit an error it cannot hide (e.g. a corrupt epoch node). */
    void handleError(Throwable error);
}
