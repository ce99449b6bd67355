package org.hacp.chaos.checker;

/** A checker's answer, Jepsen's three-valued one; the exit code of a run follows it. */
public enum Validity {
    VALID(0),
    INVALID(1),
    UNKNOWN(2);

    private final int exitCode;

    Validity(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The worse of two answers: invalid beats unknown beats valid. */
    public Validity and(Validity other) {
        return exitCode >= other.exitCode ? this : other;
    }
}
