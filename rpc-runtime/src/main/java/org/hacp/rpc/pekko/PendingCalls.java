package org.hacp.rpc.pekko;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.hacp.rpc.wire.RpcMethod;

/**
 * Asks that went out through the wire format and wait for a {@code RemoteResult}. Whoever removes
 * an entry first (reply, timeout, death watch, service close) completes it, exactly once.
 */
final class PendingCalls {

    /** One outstanding ask. */
    record PendingCall(long callId, RpcMethod method, LocalCall call, TargetState target) {}

    private final Map<Long, PendingCall> calls = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();

    long nextCallId() {
        return nextId.incrementAndGet();
    }

    void register(PendingCall call) {
        calls.put(call.callId(), call);
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
