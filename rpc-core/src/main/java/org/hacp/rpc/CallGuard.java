package org.hacp.rpc;

import org.hacp.rpc.wire.RpcMethod;

/**
 * Admission control an endpoint may implement: every RPC, and every piece of main-thread work
 * submitted with a token, is checked on the endpoint's main thread <em>when it is processed</em>,
 * so the decision is ordered with everything else the endpoint does. Fenced endpoints implement
 * it; the RPC runtime gives tokens no meaning of their own.
 */
public interface CallGuard {

    /**
     * Decodes the token bytes a remote caller attached to a call.
     *
     * @throws org.hacp.rpc.wire.WireDecodingException naming what was wrong; the call then fails
     *     as undecodable and nothing runs
     */
    Object decodeCallToken(byte[] encoded);

    /**
     * Decides whether {@code method} may run for a caller that attached {@code token} (null when it
     * attached none). Returns null to run it, or the exception an ask fails with; a rejected tell is
     * dropped. Must not throw and must not block.
     */
    RuntimeException admitCall(RpcMethod method, Object token);

    /**
     * Decides whether main-thread work submitted with {@code token} (never null here) may still run.
     * Returns null to run it; otherwise runAsync work is dropped and callAsync fails with the result.
     */
    RuntimeException admitMainThreadWork(Object token);
}
