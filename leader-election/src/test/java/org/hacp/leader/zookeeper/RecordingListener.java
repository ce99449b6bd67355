package org.hacp.leader.zookeeper;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.hacp.fencing.FencingToken;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeaderRetrievalListener;

/** Records every notification and error of a retrieval service. */
final class RecordingListener implements LeaderRetrievalListener {
    final List<Optional<LeaderInformation>> notifications = new CopyOnWriteArrayList<>();
    final List<Exception> errors = new CopyOnWriteArrayList<>();

    @Override
    public void notifyLeaderAddress(Optional<LeaderInformation> leader) {
        notifications.add(leader);
    }

    @Override
    public void handleError(Exception error) {
        errors.add(error);
    }

    Optional<LeaderInformation> last() {
        return notifications.isEmpty() ? null : notifications.get(notifications.size() - 1);
    }

    boolean lastIsEmpty() {
        Optional<LeaderInformation> last = last();
        return last != null && last.isEmpty();
    }

    boolean lastIs(FencingToken token) {
        Optional<LeaderInformation> last = last();
        return last != null && last.isPresent() && last.get().token().equals(token);
    }
}
