package org.hacp.leader;

/**
 * A write on behalf of a leadership session was refused because that session no longer leads
 * (its latch node is gone, or a newer epoch was minted). Nothing was written.
 */
public class LeadershipLostException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LeadershipLostException(String message) {
        super(message);
    }

    public LeadershipLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
