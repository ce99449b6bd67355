package org.hacp.leader;

/** Leader information could not be read, e.g. a znode that is not valid JSON. Names the path. */
public class LeaderRetrievalException extends Exception {
    private static final long serialVersionUID = 1L;

    public LeaderRetrievalException(String message, Throwable cause) {
        super(message, cause);
    }
}
