package org.hacp.leader;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.hacp.fencing.FencingToken;

/**
 * What a leader publishes for one component, as JSON at
 * {@code /<cluster-id>/leader/<component>/connection_info} (readable with {@code zkCli.sh get}).
 *
 * @param componentId the component led
 * @param address the RPC address of the leader's endpoint
 * @param sessionId the leadership session's id (the token's UUID)
 * @param epoch the leadership session's epoch
 * @param publishedAt when the leader published it
 */
public record LeaderInformation(String componentId, String address, UUID sessionId, long epoch, Instant publishedAt) {

    public LeaderInformation {
        Objects.requireNonNull(componentId, "componentId");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(publishedAt, "publishedAt");
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch must not be negative: " + epoch);
        }
    }

    /** The fencing token followers connect with. */
    public FencingToken token() {
        return new FencingToken(sessionId, epoch);
    }

    /** Same leader and address, whenever it was published. */
    public boolean sameLeaderAs(LeaderInformation other) {
        return other != null
                && componentId.equals(other.componentId)
                && address.equals(other.address)
                && sessionId.equals(other.sessionId)
                && epoch == other.epoch;
    }

    /** Everything but the session id, which with the epoch is the leader's token (issue 12). */
    @Override
    public String toString() {
        return "LeaderInformation[" + componentId + " at " + address + ", epoch " + epoch + " (session #"
                + token().fingerprint() + "), published " + publishedAt + "]";
    }
}
