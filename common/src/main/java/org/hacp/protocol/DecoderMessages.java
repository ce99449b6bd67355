package org.hacp.protocol;

/**
 * What a decoder's failure says, fit for one error line: Jackson appends the source location and
 * the reference chain on later lines, which name nothing a peer or an operator can act on.
 */
public final class DecoderMessages {
    private DecoderMessages() {}

    /** The first line of {@code message}; empty for null. */
    public static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
