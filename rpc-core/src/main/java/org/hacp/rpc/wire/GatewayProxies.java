package org.hacp.rpc.wire;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.hacp.rpc.CallToken;
import org.hacp.rpc.FrameSizeExceededException;
import org.hacp.rpc.RecipientUnreachableException;
import org.hacp.rpc.RpcCallObserver;
import org.hacp.rpc.RpcException;
import org.hacp.rpc.RpcTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every RPC system's gateway proxy does the same way: answer the methods that are not RPCs,
 * and turn a blocking call's failure into what its method declares (issue 18).
 */
public final class GatewayProxies {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayProxies.class);

    private GatewayProxies() {}

    /**
     * Answers a method of a gateway proxy that is not an RPC: the call token, a default method,
     * the address and host name, identity {@code equals}/{@code hashCode}, {@code toString}.
     *
     * @throws UnsupportedOperationException for any other method
     */
    public static Object answerLocally(
            Object proxy, Method method, Object[] args, String address, String hostname, Supplier<Object> callToken)
            throws Throwable {
        if (method.isAnnotationPresent(CallToken.class)) {
            return callToken.get();
        }
        if (method.isDefault()) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        switch (method.getName()) {
            case "getAddress":
                return address;
            case "getHostname":
                return hostname;
            case "hashCode":
                return System.identityHashCode(proxy);
            case "equals":
                return proxy == args[0];
            case "toString":
                return "Gateway" + Arrays.toString(proxy.getClass().getInterfaces()) + "@" + address;
            default:
                throw new UnsupportedOperationException(
                        method.getDeclaringClass().getName() + "." + method.getName()
                                + " is not an RPC method and has no local answer on a gateway proxy");
        }
    }

    /**
     * Waits for a blocking call: its failure is thrown as is when unchecked or declared by the
     * method, else wrapped in an {@link RpcException}.
     */
    public static Object awaitBlocking(RpcMethod rpc, CompletableFuture<Object> future) throws Throwable {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException || cause instanceof Error) {
                throw cause;
            }
            for (Class<?> declared : rpc.method().getExceptionTypes()) {
                if (declared.isInstance(cause)) {
                    throw cause;
                }
            }
            throw new RpcException(rpc.displayName() + " failed: " + cause, cause);
        }
    }

    /** Tells {@code observer} how a call of {@code rpc} ended; what it throws is logged and dropped. */
    public static void observe(RpcCallObserver observer, RpcMethod rpc, RpcCallObserver.Outcome outcome, long nanos) {
        try {
            observer.called(rpc.gatewayName(), rpc.method().getName(), outcome, nanos);
        } catch (RuntimeException e) {
            LOG.warn("The RPC call observer failed on {}: {}", rpc.displayName(), e.toString());
        }
    }

    /** How an ask that ended with {@code failure} (null: answered) is counted. */
    public static RpcCallObserver.Outcome outcomeOf(Throwable failure) {
        if (failure == null) {
            return RpcCallObserver.Outcome.OK;
        }
        Throwable cause = unwrap(failure);
        if (cause instanceof RpcTimeoutException) {
            return RpcCallObserver.Outcome.TIMEOUT;
        }
        if (cause instanceof RecipientUnreachableException || cause instanceof FrameSizeExceededException) {
            return RpcCallObserver.Outcome.UNREACHABLE;
        }
        return RpcCallObserver.Outcome.FAILED;
    }

    /** The failure inside completion and execution wrappers. */
    public static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
