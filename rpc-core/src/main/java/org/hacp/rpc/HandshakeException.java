package org.hacp.rpc;

/** The connect handshake failed: the remote speaks another protocol version, or the endpoint at the address does not implement the requested gateway. */
public class HandshakeException extends RpcException {
    private static final long serialVersionUID = 1L;

    public HandshakeException(String message) {
        super(message);
    }

    public HandshakeException(String message, Throwable cause) {
        super(message, cause);
    }
}
