package org.hacp.rpc;

/**
 * Base of every failure the RPC layer itself raises (as opposed to exceptions thrown by endpoint
 * code). Unchecked, so that blocking gateway methods can surface it without declaring it.
 */
public class RpcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RpcException(String message) {
        super(message);
    }

    public RpcException(String message, Throwable cause) {
        super(message, cause);
    }
}
