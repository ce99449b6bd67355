package org.hacp.rpc.wire;

/**
 * Rebuilds the caller-side exception for one {@link WireError#kind()}. Implementations are found
 * with {@link java.util.ServiceLoader} ({@code META-INF/services/org.hacp.rpc.wire.RemoteErrorKind}),
 * so the set of exception types the network can produce is exactly the set the classpath declares.
 */
public interface RemoteErrorKind {
    /** The kind this handles. */
    String kind();

    /** The exception for {@code error}; {@code context} names the call and target. */
    RuntimeException toException(WireError error, String context);
}
