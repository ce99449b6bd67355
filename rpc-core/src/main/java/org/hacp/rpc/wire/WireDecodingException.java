package org.hacp.rpc.wire;

import org.hacp.rpc.RpcException;

/** Bytes from the wire could not be decoded into the declared type; the message says which. */
public class WireDecodingException extends RpcException {
    private static final long serialVersionUID = 1L;

    public WireDecodingException(String message) {
        super(message);
    }

    public WireDecodingException(String message, Throwable cause) {
        super(message, cause);
    }
}
