package org.hacp.leader.zookeeper;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hacp.fencing.FencingToken;
import org.hacp.leader.LeaderContender;
import org.hacp.leader.LeaderElection;

/** Records grants and revokes with their times; publishes its address on every grant. */
final class RecordingContender implements LeaderContender {
    /** One callback, timestamped with {@link System#nanoTime()}. */
    record Event(String kind, FencingToken token, long nanos) {}

    final String name;
    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final boolean publish;
    volatile LeaderElection election;
    volatile FencingToken current;

    RecordingContender(String name, boolean publish) {
        this.name = name;
        this.publish = publish;
    }

    RecordingContender(String name) {
        this(name, true);
    }

    String address() {
        return "pekko://hacp@127.0.0.1:1/user/rpc/" + name;
    }

    @Override
    public void grantLeadership(FencingToken token) {
        current = token;
        events.add(new Event("grant", token, System.nanoTime()));
        if (publish) {
            election.confirmLeadership(token, address());
        }
    }

    @Override
    public void revokeLeadership() {
        events.add(new Event("revoke", current, System.nanoTime()));
        current = null;
    }

    @Override
    public void handleError(Throwable error) {
        errors.add(error);
    }

    long revokes() {
        return events.stream().filter(e -> e.kind().equals("revoke")).count();
    }

    boolean leads() {
        return current != null;
    }
}
