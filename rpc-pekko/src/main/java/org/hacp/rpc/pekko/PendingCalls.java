package org.hacp.rpc.pekko;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.hacp.rpc.wire.RpcMethod;

/**
 * Asks that went out through the wire format and wait for a {@code RemoteResult}. Whoever removes
 * an entry first (reply, timeout, an endpoint found gone, service close) completes it, exactly once.
 */
final class PendingCalls {

    /** One outstanding ask. */
    record PendingCall(long callId, RpcMethod method, LocalCall call, TargetState target) {}

    private final Map<Long, PendingCall> calls = new ConcurrentHashMap<>();
    /**
     * Call ids are random, not counted: with ids counting up from 1 in every process, anyone who
     * could reach the reply actor completed other callers' asks with forged replies (issue 12).
     * 63 random bits: two pending calls share an id with probability 2^-63.
     */
    private final SecureRandom ids = new SecureRandom();

    long nextCallId() {
        long id;
        do {
            id = ids.nextLong() & Long.MAX_VALUE;
        } while (id == 0);
        return id;
    }

    void register(PendingCall call) {
        calls.put(call.callId(), call);
    }

    /** The pending call {@code callId}, left in place. */
    PendingCall get(long callId) {
        return calls.get(callId);
    }

    PendingCall remove(long callId) {
        return calls.remove(callId);
    }

    /** Fails every call to {@code target} (its endpoint is gone). */
    void failAll(TargetState target, Supplier<? extends Throwable> failure) {
        List<PendingCall> failed = new ArrayList<>();
        calls.values().removeIf(p -> {
            if (p.target() == target) {
                failed.add(p);
                return true;
            }
            return false;
        });
        failed.forEach(p -> p.call().fail(failure.get()));
    }

    /** Fails every call (the service is closing). */
    void failAll(Supplier<? extends Throwable> failure) {
        List<PendingCall> all = new ArrayList<>(calls.values());
        all.forEach(p -> {
            if (calls.remove(p.callId()) != null) {
                p.call().fail(failure.get());
            }
        });
    }
}
