package org.hacp.leader.zookeeper;

/** The epoch counter cannot give a higher epoch (not a number, negative, or exhausted). */
final class CorruptEpochException extends Exception {
    private static final long serialVersionUID = 1L;

    CorruptEpochException(String message) {
        super(message);
    }
}
