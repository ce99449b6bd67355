package org.hacp.rpc;

/** A gateway has a method whose parameter or result type cannot be encoded safely by the wire format (for example {@code Object} or an unbounded polymorphic type). Raised when the gateway is served or connected, naming the method and the type. */
public class UnencodableGatewayException extends RpcException {
    private static final long serialVersionUID = 1L;

    public UnencodableGatewayException(String message) {
        super(message);
    }

    public UnencodableGatewayException(String message, Throwable cause) {
        super(message, cause);
    }
}
