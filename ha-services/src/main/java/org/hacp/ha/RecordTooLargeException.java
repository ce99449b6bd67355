package org.hacp.ha;

/** A state-store write refused for its size ({@link RecordSizeLimit}): nothing was written. */
public final class RecordTooLargeException extends Exception {
    private static final long serialVersionUID = 1L;

    public RecordTooLargeException(String path, long bytes, long maxBytes) {
        super("record " + path + " would be " + bytes + " bytes, over " + RecordSizeLimit.KEY + " = " + maxBytes
                + " bytes; nothing was written");
    }
}
