package org.hacp.rpc.pekko;

import org.apache.pekko.pattern.AskTimeoutException;

/** Why one connect attempt failed, in the words an RpcConnectionException gives the caller. */
final class ConnectFailures {
    private ConnectFailures() {}

    /** The peer runs, but has no endpoint at the path (yet): worth another attempt. */
    static final class NoEndpoint extends RuntimeException {
        NoEndpoint() {
            super("no endpoint at that path", null, false, false);
        }
    }

    static String describe(Throwable t) {
        if (t instanceof NoEndpoint) {
            return "no endpoint at that path";
        }
        if (t instanceof AskTimeoutException) {
            return "no answer to the handshake";
        }
        return t.toString();
    }
}
