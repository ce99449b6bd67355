package org.hacp.rpc;

/** A request or a response is larger than {@code hacp.rpc.max-frame-size}. Only the one call fails; the message names the size and the limit. */
public class FrameSizeExceededException extends RpcException {
    private static final long serialVersionUID = 1L;

    public FrameSizeExceededException(String message) {
        super(message);
    }

    public FrameSizeExceededException(String message, Throwable cause) {
        super(message, cause);
    }
}
