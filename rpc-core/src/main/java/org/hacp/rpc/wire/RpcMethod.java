package org.hacp.rpc.wire;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.lang.annotation.Annotation;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.hacp.rpc.RpcException;

/**
 * Everything the runtime needs to call one gateway method, computed once per method: how it is
 * invoked, where its timeout parameter is, its wire key and the Jackson readers and writers of
 * its declared parameter and result types. Caching these is what keeps reflection off the hot
 * path.
 */
public final class RpcMethod {

    /** How a call is made, derived from the return type. */
    public enum Kind {
        /** Returns {@code CompletableFuture<T>}: the caller gets a future. */
        ASK,
        /** Returns {@code void}: fire and forget. */
        TELL,
        /** Returns anything else: the caller blocks for the result within the timeout. */
        BLOCKING
    }

    private final Method method;
    private final String key;
    private final String displayName;
    private final Kind kind;
    private final int timeoutParameter;
    private final ObjectWriter[] argumentWriters;
    private final ObjectReader[] argumentReaders;
    private final JavaType[] argumentTypes;
    private final ObjectWriter resultWriter;
    private final ObjectReader resultReader;
    /** The method's annotation types, read once: guards consult them on every call. */
    private final Class<?>[] annotationTypes;

    RpcMethod(
            Method method,
            String key,
            Kind kind,
            int timeoutParameter,
            JavaType[] argumentTypes,
            ObjectWriter[] argumentWriters,
            ObjectReader[] argumentReaders,
            ObjectWriter resultWriter,
            ObjectReader resultReader) {
        this.method = method;
        this.key = key;
        this.displayName = method.getDeclaringClass().getSimpleName() + "." + method.getName();
        this.kind = kind;
        this.timeoutParameter = timeoutParameter;
        this.argumentTypes = argumentTypes;
        this.argumentWriters = argumentWriters;
        this.argumentReaders = argumentReaders;
        this.resultWriter = resultWriter;
        this.resultReader = resultReader;
        this.annotationTypes = Arrays.stream(method.getAnnotations())
                .map(Annotation::annotationType)
                .toArray(Class<?>[]::new);
    }

    /** Whether the gateway method carries {@code annotation}; cheap enough for every call. */
    public boolean isAnnotated(Class<? extends Annotation> annotation) {
        for (Class<?> type : annotationTypes) {
            if (type == annotation) {
                return true;
            }
        }
        return false;
    }

    public Method method() {
        return method;
    }

    /** The method's identity on the wire: declaring interface, name and parameter types. */
    public String key() {
        return key;
    }

    /** The declaring gateway's simple name, for metrics. */
    public String gatewayName() {
        return method.getDeclaringClass().getSimpleName();
    }

    /** {@code Gateway.method}, for messages. */
    public String displayName() {
        return displayName;
    }

    public Kind kind() {
        return kind;
    }

    /** The timeout of this call: the {@code @RpcTimeout} argument if given, else {@code fallback}. */
    public Duration timeout(Object[] args, Duration fallback) {
        if (timeoutParameter >= 0 && args[timeoutParameter] != null) {
            return (Duration) args[timeoutParameter];
        }
        return fallback;
    }

    /**
     * Invokes this method on {@code endpoint} on the calling thread (the endpoint's main thread).
     * The future carries the value (an ask's own future's value once it completes), what the method
     * threw or its future failed with, or why it could not be invoked at all. Every RPC system
     * serves calls through here.
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<Object> invokeOn(Object endpoint, String endpointId, Object[] args) {
        Object result;
        try {
            result = method.invoke(endpoint, args);
        } catch (InvocationTargetException e) {
            return CompletableFuture.failedFuture(e.getCause());
        } catch (IllegalAccessException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new RpcException(
                    "cannot invoke " + displayName + " on endpoint '" + endpointId + "': " + e.getMessage(), e));
        }
        if (kind == Kind.ASK && result != null) {
            return (CompletableFuture<Object>) result;
        }
        return CompletableFuture.completedFuture(result);
    }

    int arity() {
        return argumentTypes.length;
    }

    JavaType argumentType(int i) {
        return argumentTypes[i];
    }

    ObjectWriter argumentWriter(int i) {
        return argumentWriters[i];
    }

    ObjectReader argumentReader(int i) {
        return argumentReaders[i];
    }

    ObjectWriter resultWriter() {
        return resultWriter;
    }

    ObjectReader resultReader() {
        return resultReader;
    }

    @Override
    public String toString() {
        return key;
    }
}
