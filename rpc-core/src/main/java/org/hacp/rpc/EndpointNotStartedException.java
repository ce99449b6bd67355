package org.hacp.rpc;

/** A call reached an endpoint that has not been started yet; nothing ran. */
public class EndpointNotStartedException extends RpcException {
    private static final long serialVersionUID = 1L;

    public EndpointNotStartedException(String message) {
        super(message);
    }

    public EndpointNotStartedException(String message, Throwable cause) {
        super(message, cause);
    }
}
