package org.hacp.leader.zookeeper;

import java.util.Map;
import org.hacp.fencing.FencingToken;

/**
 * How a component's leader information is published and removed (issue 29 item 4: so {@link
 * ComponentElection} runs without ZooKeeper in tests). {@link LeaderInformationPublisher} is the one
 * over ZooKeeper. Every method runs on the io thread.
 */
interface LeaderPublishing {
    /** Publishes {@code address} as the component's leader under {@code token}, if that leadership is current. */
    void publish(FencingToken token, String address) throws Exception;

    /** Publishes each address as the leader of its owned component (id to address), under the component's leadership. */
    void publishOwned(Map<String, String> addresses, FencingToken token) throws Exception;

    /** The leadership ended: stop restoring what was published, keep it for {@link #removeOwn}. */
    void leadershipEnded();

    /** Removes what this component published and still holds. */
    void removeOwn();
}
