package org.hacp.ha;

/** A state-store write refused for its size ({@link RecordSizeLimit}): nothing was written. */
public final class RecordTooLargeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final String path;

    public RecordTooLargeException(String path, long bytes, long maxBytes) {
        super("record " + path + " would be " + bytes + " bytes, over " + RecordSizeLimit.KEY + " = " + maxBytes
                + " bytes; nothing was written");
        this.path = path;
    }

    /** The znode path of the refused record. */
    public String path() {
        return path;
    }
}
