package org.hacp.protocol;

import java.io.IOException;

/** A znode record this build cannot read, with its path and why (issue 31). */
public final class UnreadableRecordException extends IOException {
    private static final long serialVersionUID = 1L;

    public UnreadableRecordException(String path, String why, Throwable cause) {
        super("record at " + path + " is unreadable: " + why, cause);
    }
}
