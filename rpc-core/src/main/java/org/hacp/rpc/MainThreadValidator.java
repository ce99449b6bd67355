package org.hacp.rpc;

/**
 * Knows which thread currently runs an endpoint's main-thread work. The RPC server marks entry
 * and exit around every message; {@link RpcEndpoint#validateRunsInMainThread()} checks it. The
 * check is always on (not an {@code assert}), because an off-thread state change is exactly the
 * kind of bug that only shows in production.
 */
public final class MainThreadValidator {
    private volatile Thread owner;

    /** Called by the RPC server before it runs a message. */
    public void enter() {
        owner = Thread.currentThread();
    }

    /** Called by the RPC server after it ran a message. */
    public void exit() {
        owner = null;
    }

    /** Whether the calling thread is running this endpoint's main-thread work right now. */
    public boolean isMainThread() {
        return owner == Thread.currentThread();
    }
}
