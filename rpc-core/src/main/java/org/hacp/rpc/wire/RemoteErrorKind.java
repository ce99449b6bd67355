package org.hacp.rpc.wire;

/**
 * Carries one family of exceptions across the wire as a {@link WireError} of its own {@link
 * #kind()}, so the caller rebuilds the same exception type. Implementations are found with {@link
 * java.util.ServiceLoader} ({@code META-INF/services/org.hacp.rpc.wire.RemoteErrorKind}), so the
 * set of exception types the network can produce is exactly the set the classpath declares.
 */
public interface RemoteErrorKind {
    /** The kind this handles. */
    String kind();

    /** The wire form of {@code failure} if it is of this kind, else null. */
    WireError toWireError(Throwable failure);

    /** The exception for {@code error}; {@code context} names the call and target. */
    RuntimeException toException(WireError error, String context);
}
