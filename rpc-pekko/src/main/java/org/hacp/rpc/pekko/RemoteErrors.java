package org.hacp.rpc.pekko;

import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import org.hacp.rpc.EndpointNotStartedException;
import org.hacp.rpc.FrameSizeExceededException;
import org.hacp.rpc.RecipientUnreachableException;
import org.hacp.rpc.RemoteRpcException;
import org.hacp.rpc.RpcException;
import org.hacp.rpc.wire.RemoteErrorKind;
import org.hacp.rpc.wire.WireError;

/**
 * Turns a failure into its {@link WireError} on the receiver, and the wire error back into the
 * caller-side exception type; the {@link RemoteErrorKind}s on the class path carry their own types.
 */
final class RemoteErrors {
    private static final Map<String, RemoteErrorKind> KINDS = loadKinds();

    private RemoteErrors() {}

    private static Map<String, RemoteErrorKind> loadKinds() {
        Map<String, RemoteErrorKind> kinds = new HashMap<>();
        for (RemoteErrorKind kind : ServiceLoader.load(RemoteErrorKind.class, RemoteErrors.class.getClassLoader())) {
            kinds.put(kind.kind(), kind);
        }
        return Map.copyOf(kinds);
    }

    /** The wire form of a failure to answer a call with: its registered kind's, else an application failure. */
    static WireError toWireError(Throwable failure) {
        for (RemoteErrorKind kind : KINDS.values()) {
            WireError error = kind.toWireError(failure);
            if (error != null) {
                return error;
            }
        }
        return WireError.application(failure);
    }

    static RuntimeException toException(WireError error, String context) {
        String message = context + ": " + error.message();
        switch (error.kind()) {
            case WireError.KIND_APPLICATION:
                return new RemoteRpcException(context, error.className(), error.message(), error.stackTrace());
            case WireError.KIND_NOT_STARTED:
                return new EndpointNotStartedException(message);
            case WireError.KIND_UNREACHABLE:
                return new RecipientUnreachableException(message);
            case WireError.KIND_FRAME_SIZE:
                return new FrameSizeExceededException(message);
            default:
                RemoteErrorKind registered = KINDS.get(error.kind());
                if (registered != null) {
                    return registered.toException(error, context);
                }
                return new RpcException(context + " failed (" + error.kind() + "): " + error.message());
        }
    }
}
