package org.hacp.ha;

/** HA services could not start or act, e.g. ZooKeeper unreachable at start-up. Names what and where. */
public class HaServicesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HaServicesException(String message, Throwable cause) {
        super(message, cause);
    }
}
