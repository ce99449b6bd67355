package org.hacp.rpc;

/** The endpoint behind a gateway has stopped, or its RPC service has shut down. Raised as soon as that is known, never by waiting for the ask timeout. */
public class RecipientUnreachableException extends RpcException {
    private static final long serialVersionUID = 1L;

    public RecipientUnreachableException(String message) {
        super(message);
    }

    public RecipientUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
