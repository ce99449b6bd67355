package org.hacp.ha;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hacp.fencing.FencingToken;
import org.hacp.leader.LeaderContender;
import org.hacp.leader.LeaderElection;

/** Publishes its address on every grant; records grant and revoke times for overlap checks. */
public final class TestContender implements LeaderContender {
    /** A leadership interval: from grant to revoke (revokedAt 0 while still leading). */
    public static final class Interval {
        public final FencingToken token;
        public final long grantedAt;
        public volatile long revokedAt;

        Interval(FencingToken token, long grantedAt) {
            this.token = token;
            this.grantedAt = grantedAt;
        }
    }

    public final String name;
    public final List<Interval> intervals = new CopyOnWriteArrayList<>();
    public final List<Throwable> errors = new CopyOnWriteArrayList<>();
    public volatile LeaderElection election;
    public volatile FencingToken current;

    public TestContender(String name) {
        this.name = name;
    }

    public static TestContender join(HighAvailabilityServices services, String component, String name) {
        TestContender contender = new TestContender(name);
        contender.election = services.leaderElection(component);
        contender.election.startLeaderElection(contender);
        return contender;
    }

    public String address() {
        return "pekko://hacp@127.0.0.1:1/user/rpc/" + name;
    }

    @Override
    public void grantLeadership(FencingToken token) {
        current = token;
        intervals.add(new Interval(token, System.nanoTime()));
        election.confirmLeadership(token, address());
    }

    @Override
    public void revokeLeadership() {
        current = null;
        if (!intervals.isEmpty()) {
            intervals.get(intervals.size() - 1).revokedAt = System.nanoTime();
        }
    }

    @Override
    public void handleError(Throwable error) {
        errors.add(error);
    }

    public boolean leads() {
        return current != null;
    }
}
