package org.hacp.rpc.wire;

import org.hacp.rpc.RpcException;

/** A value could not be encoded in its declared type (for example a subtype with extra state). */
public class WireEncodingException extends RpcException {
    private static final long serialVersionUID = 1L;

    public WireEncodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
