package org.hacp.rpc;

/**
 * Endpoint code on the other side of the wire failed. The remote exception is never deserialized
 * as an object (that would let the network pick a class to instantiate); it arrives as its class
 * name, message and stack text, which this exception carries.
 */
public class RemoteRpcException extends RpcException {
    private static final long serialVersionUID = 1L;

    private final String remoteClassName;
    private final String remoteMessage;
    private final String remoteStackTrace;

    public RemoteRpcException(String context, String remoteClassName, String remoteMessage, String remoteStackTrace) {
        super(context + ": " + remoteClassName + (remoteMessage == null ? "" : ": " + remoteMessage));
        this.remoteClassName = remoteClassName;
        this.remoteMessage = remoteMessage;
        this.remoteStackTrace = remoteStackTrace;
    }

    /** Fully qualified class name of the exception thrown on the remote side. */
    public String getRemoteClassName() {
        return remoteClassName;
    }

    /** The remote exception's message, possibly {@code null}. */
    public String getRemoteMessage() {
        return remoteMessage;
    }

    /** The remote exception's stack trace as text, causes included. */
    public String getRemoteStackTrace() {
        return remoteStackTrace;
    }
}
