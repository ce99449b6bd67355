package org.hacp.ha;

/** {@link HaStateStore#create} found its key taken: nothing was written, the record there is untouched. */
public final class StateKeyExistsException extends Exception {
    private static final long serialVersionUID = 1L;

    public StateKeyExistsException(String component, String key) {
        super("state key '" + key + "' of '" + component + "' exists already; nothing was written");
    }
}
