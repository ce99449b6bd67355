package org.hacp.rpc.wire;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/**
 * A failure as it crosses the wire: never an exception object, only its kind, class name,
 * message and stack text. The caller's runtime turns it back into a typed exception.
 *
 * @param kind what failed; one of the {@code KIND_*} constants (unknown kinds are tolerated)
 * @param className class of the original exception, for application failures
 * @param message human-readable description
 * @param stackTrace the original stack trace as text, may be empty
 * @param details structured fields of the failure (e.g. both epochs of a fencing rejection)
 */
public record WireError(String kind, String className, String message, String stackTrace, Map<String, String> details) {

    public WireError {
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** Endpoint code threw or returned a failed future. */
    public static final String KIND_APPLICATION = "APPLICATION";
    /** The endpoint does not serve the method named by the invocation. */
    public static final String KIND_UNKNOWN_METHOD = "UNKNOWN_METHOD";
    /** Arguments, token or frame could not be decoded into the declared types. */
    public static final String KIND_UNDECODABLE = "UNDECODABLE";
    /** The endpoint has not been started. */
    public static final String KIND_NOT_STARTED = "NOT_STARTED";
    /** The endpoint is stopping or gone. */
    public static final String KIND_UNREACHABLE = "UNREACHABLE";
    /** The response exceeded the receiver's frame size. */
    public static final String KIND_FRAME_SIZE = "FRAME_SIZE";
    /** The receiver's runtime failed while handling the call. */
    public static final String KIND_INTERNAL = "INTERNAL";

    /** An application failure from a thrown exception (a registered {@link RemoteErrorKind} is asked first). */
    public static WireError application(Throwable t) {
        StringWriter text = new StringWriter();
        t.printStackTrace(new PrintWriter(text));
        return new WireError(KIND_APPLICATION, t.getClass().getName(), t.getMessage(), text.toString(), null);
    }

    /** A runtime failure of the given kind. */
    public static WireError of(String kind, String message) {
        return new WireError(kind, null, message, "", null);
    }
}
