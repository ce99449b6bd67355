package org.hacp.fencing;

import static org.hacp.protocol.DecoderMessages.firstLine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.hacp.logging.RejectionLog;
import org.hacp.rpc.CallGuard;
import org.hacp.rpc.RpcEndpoint;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.wire.RpcMethod;
import org.hacp.rpc.wire.WireDecodingException;

/**
 * An endpoint that runs an RPC only if the call carries its current {@link FencingToken}; no
 * token means "not leader" and every fenced call is refused. Methods marked {@link Unfenced} run
 * regardless.
 *
 * <p>The token changes on the main thread ({@link #setFencingToken}), so a change is ordered with
 * the calls: a call is judged against the token current <em>when it is processed</em>, and
 * main-thread work ({@code runAsync}, {@code callAsync}, {@code scheduleRunAsync}, the
 * main-thread executor, the self gateway) carries the token current when it was submitted and is
 * dropped if that token is no longer current when it comes to run. Use
 * {@link #runAsyncWithoutFencing} for work that must run across a change (the grant itself).
 *
 * <p>Every rejection is counted per reason, with the highest rejected epoch
 * ({@link #getFencingRejections()}), and logged at WARN at most once per reason per 10 s. A
 * conflicting token (same epoch, other session) is logged at ERROR every time: it means two
 * leaders claimed one epoch.
 */
public abstract class FencedRpcEndpoint extends RpcEndpoint implements CallGuard {
    /**
     * Test-only, unsafe: {@code -Dhacp.test.unsafe-disable-fencing=true} admits every call whatever
     * its token. It exists so the chaos suite can show that its checker catches broken fencing;
     * every endpoint logs an ERROR when it is set.
     */
    public static final String UNSAFE_DISABLE_FENCING = "hacp.test.unsafe-disable-fencing";

    private static final boolean FENCING_DISABLED = Boolean.getBoolean(UNSAFE_DISABLE_FENCING);

    private static final ObjectReader TOKEN_READER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .readerFor(FencingToken.class);

    private volatile FencingToken fencingToken;

    private final Map<FencingTokenException.Reason, LongAdder> rejected =
            new EnumMap<>(FencingTokenException.Reason.class);
    private final AtomicLong highestRejectedEpoch = new AtomicLong(-1);
    private final LongAdder discardedWork = new LongAdder();
    private final RejectionLog rejectionLog = new RejectionLog(log, Duration.ofSeconds(10));

    private volatile Consumer<FencingTokenException> rejectionListener = rejection -> {};
    private byte[] lastEncodedToken;
    private FencingToken lastDecodedToken;
    /** The token of the call the main thread is running now; main thread only. */
    private FencingToken admittedToken;

    protected FencedRpcEndpoint(RpcService rpcService, String endpointId) {
        super(rpcService, endpointId);
        if (FENCING_DISABLED) {
            log.error(
                    "UNSAFE: fencing of endpoint '{}' is switched off by -D{}=true (test-only); stale leaders' calls will run",
                    endpointId,
                    UNSAFE_DISABLE_FENCING);
        }
        for (FencingTokenException.Reason reason : FencingTokenException.Reason.values()) {
            rejected.put(reason, new LongAdder());
        }
    }

    /** The current token, or null when this endpoint is not the leader. Any thread. */
    public final FencingToken getFencingToken() {
        return fencingToken;
    }

    @Override
    public final Object getCallToken() {
        return fencingToken;
    }

    /**
     * Makes {@code token} current (null: not leader). Main thread only, so that the change is
     * ordered with the calls the endpoint processes.
     */
    protected final void setFencingToken(FencingToken token) {
        validateRunsInMainThread();
        FencingToken previous = fencingToken;
        fencingToken = token;
        log.info("Endpoint '{}' fencing token {} -> {}", getEndpointId(), describe(previous), describe(token));
    }

    /** Runs on the main thread whatever the token is then (e.g. to install a new token). */
    protected final void runAsyncWithoutFencing(Runnable runnable) {
        getRpcServer().runAsync(runnable, null);
    }

    /** Calls on the main thread whatever the token is then. */
    protected final <V> CompletableFuture<V> callAsyncWithoutFencing(Callable<V> callable, Duration timeout) {
        return getRpcServer().callAsync(callable, timeout, null);
    }

    /**
     * Hears every rejected call, on the main thread, after it was counted (event logs use it).
     * Must be quick and must not throw.
     */
    public final void setRejectionListener(Consumer<FencingTokenException> listener) {
        this.rejectionListener = listener == null ? rejection -> {} : listener;
    }

    /** Rejections so far. Any thread. */
    public final FencingRejections getFencingRejections() {
        Map<FencingTokenException.Reason, Long> byReason = new EnumMap<>(FencingTokenException.Reason.class);
        long total = 0;
        for (Map.Entry<FencingTokenException.Reason, LongAdder> e : rejected.entrySet()) {
            long n = e.getValue().sum();
            byReason.put(e.getKey(), n);
            total += n;
        }
        return new FencingRejections(total, Map.copyOf(byReason), highestRejectedEpoch.get(), discardedWork.sum());
    }

    // ---------------------------------------------------------------- CallGuard (main thread)

    @Override
    public final Object decodeCallToken(byte[] encoded) {
        if (Arrays.equals(encoded, lastEncodedToken)) {
            return lastDecodedToken;
        }
        try {
            FencingToken token = TOKEN_READER.readValue(encoded);
            if (token == null) {
                throw new WireDecodingException("fencing token is null");
            }
            lastEncodedToken = encoded;
            lastDecodedToken = token;
            return token;
        } catch (IOException | RuntimeException e) {
            if (e instanceof WireDecodingException w) {
                throw w;
            }
            throw new WireDecodingException(
                    "fencing token of the call is not a valid {sessionId, epoch}: " + firstLine(e.getMessage()), e);
        }
    }

    /**
     * The token carried by the call being run now (null for an unfenced call). Main thread only,
     * inside an RPC method: lets a receiver record which epoch it accepted.
     */
    protected final FencingToken tokenOfThisCall() {
        return admittedToken;
    }

    @Override
    public final RuntimeException admitCall(RpcMethod method, Object token) {
        admittedToken = null;
        if (method.isAnnotated(Unfenced.class)) {
            return null;
        }
        if (FENCING_DISABLED && token instanceof FencingToken received) {
            admittedToken = received;
            return null;
        }
        FencingToken current = fencingToken;
        if (!(token instanceof FencingToken received)) {
            return reject(
                    method,
                    FencingTokenException.Reason.MISSING_TOKEN,
                    null,
                    current,
                    "call " + method.displayName()
                            + " carries no fencing token (its gateway was connected without one)");
        }
        if (current == null) {
            return reject(
                    method,
                    FencingTokenException.Reason.NOT_LEADER,
                    received,
                    null,
                    "endpoint '" + getEndpointId() + "' is not the leader: call " + method.displayName()
                            + " with epoch " + received.epoch() + " refused");
        }
        if (received.relationTo(current) == FencingToken.Relation.SAME) {
            admittedToken = received;
            return null;
        }
        return rejectMismatch(method, received, current);
    }

    /** The rejection of a token that is not the current one: stale, newer or of another session. */
    private RuntimeException rejectMismatch(RpcMethod method, FencingToken received, FencingToken current) {
        switch (received.relationTo(current)) {
            case STALE:
                return reject(
                        method,
                        FencingTokenException.Reason.STALE,
                        received,
                        current,
                        "stale fencing token: call " + method.displayName() + " carries epoch " + received.epoch()
                                + ", current epoch is " + current.epoch());
            case NEWER:
                return reject(
                        method,
                        FencingTokenException.Reason.NEWER,
                        received,
                        current,
                        "call " + method.displayName()
                                + " carries epoch " + received.epoch() + ", newer than current epoch " + current.epoch()
                                + " of endpoint '" + getEndpointId()
                                + "': a newer leader exists, refresh leader retrieval");
            default:
                return reject(
                        method,
                        FencingTokenException.Reason.CONFLICTING,
                        received,
                        current,
                        "conflicting fencing token: call " + method.displayName() + " carries epoch " + received.epoch()
                                + " of another leadership session than the current one");
        }
    }

    @Override
    public final RuntimeException admitMainThreadWork(Object token) {
        FencingToken current = fencingToken;
        if (token.equals(current)) {
            return null;
        }
        discardedWork.increment();
        FencingToken submitted = (FencingToken) token;
        log.debug(
                "Endpoint '{}' discarded main-thread work submitted under {} (current {})",
                getEndpointId(),
                submitted,
                describe(current));
        return new FencingTokenException(
                "main-thread work of endpoint '" + getEndpointId() + "' was submitted under epoch " + submitted.epoch()
                        + " and the current token is " + describe(current) + "; it did not run",
                current == null ? FencingTokenException.Reason.NOT_LEADER : FencingTokenException.Reason.STALE,
                submitted,
                current);
    }

    private FencingTokenException reject(
            RpcMethod method,
            FencingTokenException.Reason reason,
            FencingToken received,
            FencingToken current,
            String message) {
        rejected.get(reason).increment();
        if (received != null) {
            highestRejectedEpoch.accumulateAndGet(received.epoch(), Math::max);
        }
        String line = "Endpoint '" + getEndpointId() + "' rejected " + method.displayName() + " (" + reason
                + "): received epoch " + (received == null ? "none" : received.epoch()) + ", current epoch "
                + (current == null ? "none" : current.epoch());
        if (reason == FencingTokenException.Reason.CONFLICTING) {
            // Rate-limited too: 20,000 such calls once wrote 20,000 ERROR lines (issue 13).
            rejectionLog.error(reason.name(), line + " -- two sessions claim epoch " + current.epoch());
        } else {
            rejectionLog.warn(reason.name(), line);
        }
        FencingTokenException rejection = new FencingTokenException(message, reason, received, current);
        try {
            rejectionListener.accept(rejection);
        } catch (RuntimeException e) {
            rejectionLog.warn(
                    "listener-failure", "Rejection listener of endpoint '" + getEndpointId() + "' failed: " + e);
        }
        return rejection;
    }

    private static String describe(FencingToken token) {
        return token == null ? "none (not leader)" : token.toString();
    }
}
