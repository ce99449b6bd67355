package org.hacp.rpc;

/** {@link RpcService#connect} could not resolve or reach the address within its bounded retries, or the address is malformed. */
public class RpcConnectionException extends RpcException {
    private static final long serialVersionUID = 1L;

    public RpcConnectionException(String message) {
        super(message);
    }

    public RpcConnectionException(String message, Throwable cause) {
        super(message, cause);
    }
}
