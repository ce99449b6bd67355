package org.hacp.fencing;

import org.hacp.rpc.wire.RemoteErrorKind;
import org.hacp.rpc.wire.WireError;

/** Lets callers receive remote fencing rejections as {@link FencingTokenException}. */
public final class FencingErrorKind implements RemoteErrorKind {
    @Override
    public String kind() {
        return FencingTokenException.WIRE_KIND;
    }

    @Override
    public RuntimeException toException(WireError error, String context) {
        return FencingTokenException.fromWire(error, context);
    }
}
