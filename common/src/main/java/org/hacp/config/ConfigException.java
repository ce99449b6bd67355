package org.hacp.config;

/**
 * A configuration value is missing, malformed or outside its allowed range. The message always
 * names the key, the offending value and what would have been accepted, so that a process fails
 * at start-up with a line an operator can act on.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
