package org.hacp.rpc.wire;

/**
 * An exception that crosses the wire as a structured {@link WireError} of its own kind rather
 * than as an application failure, so the caller's side can rebuild the same exception type (via a
 * {@link RemoteErrorKind} registered for that kind).
 */
public interface WireErrorSource {
    WireError toWireError();
}
