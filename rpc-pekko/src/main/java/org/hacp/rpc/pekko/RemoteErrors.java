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

/** Turns a {@link WireError} from the receiver back into the caller-side exception type. */
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
