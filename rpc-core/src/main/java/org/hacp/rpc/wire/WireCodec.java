package org.hacp.rpc.wire;

import static org.hacp.protocol.DecoderMessages.firstLine;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import java.io.IOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import org.hacp.rpc.LocalGatewayMethods;
import org.hacp.rpc.RpcGateway;
import org.hacp.rpc.RpcTimeout;
import org.hacp.rpc.UnencodableGatewayException;

/**
 * The project's wire format: arguments, results and errors as JSON, always decoded into the
 * type the receiving method declares, so the network never chooses a class. One instance per
 * RPC service; thread-safe.
 */
public final class WireCodec {
    private final ObjectMapper mapper;
    private final WireTypes wireTypes;
    private final ObjectWriter errorWriter;
    private final ObjectReader errorReader;
    private final Map<Class<?>, GatewaySchema> schemas = new ConcurrentHashMap<>();

    public WireCodec() {
        this.mapper = StrictJson.mapper();
        this.wireTypes = new WireTypes(mapper);
        this.errorWriter = mapper.writerFor(WireError.class);
        this.errorReader = mapper.readerFor(WireError.class).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** The mapper, for other modules' wire values (e.g. fencing tokens). */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * The schema of a gateway interface or endpoint class, validated on first use.
     *
     * @throws UnencodableGatewayException naming the first method with an unsafe type
     */
    public GatewaySchema schemaOf(Class<?> type) {
        GatewaySchema schema = schemas.get(type);
        if (schema == null) {
            schema = buildSchema(type);
            schemas.putIfAbsent(type, schema);
        }
        return schema;
    }

    private GatewaySchema buildSchema(Class<?> type) {
        Set<Class<?>> gateways = new LinkedHashSet<>();
        collectGateways(type, gateways);
        Map<Method, RpcMethod> methods = new HashMap<>();
        Set<String> names = new LinkedHashSet<>();
        for (Class<?> gateway : gateways) {
            names.add(gateway.getName());
            if (gateway.isAnnotationPresent(LocalGatewayMethods.class)) {
                continue;
            }
            for (Method m : gateway.getDeclaredMethods()) {
                if (m.isSynthetic() || Modifier.isStatic(m.getModifiers())) {
                    continue;
                }
                methods.put(m, describe(m));
            }
        }
        return new GatewaySchema(type, methods, names);
    }

    private static void collectGateways(Class<?> type, Set<Class<?>> out) {
        if (type == null) {
            return;
        }
        if (type.isInterface() && RpcGateway.class.isAssignableFrom(type)) {
            out.add(type);
        }
        for (Class<?> i : type.getInterfaces()) {
            collectGateways(i, out);
        }
        collectGateways(type.getSuperclass(), out);
    }

    /** The parameters of a gateway method, checked for safe wire types, with their key part. */
    private record Parameters(
            String keyPart, JavaType[] types, ObjectWriter[] writers, ObjectReader[] readers, int timeoutIndex) {}

    private RpcMethod describe(Method m) {
        String name = m.getDeclaringClass().getSimpleName() + "." + m.getName();
        Parameters p = parameters(m, name);
        String key = m.getDeclaringClass().getName() + "#" + m.getName() + "(" + p.keyPart() + ")";
        RpcMethod.Kind kind;
        JavaType resultType = null;
        Class<?> returns = m.getReturnType();
        if (returns == void.class) {
            kind = RpcMethod.Kind.TELL;
        } else if (returns == CompletableFuture.class) {
            kind = RpcMethod.Kind.ASK;
            JavaType future = mapper.getTypeFactory().constructType(m.getGenericReturnType());
            resultType = future.containedTypeOrUnknown(0);
        } else if (Future.class.isAssignableFrom(returns) || CompletionStage.class.isAssignableFrom(returns)) {
            throw new UnencodableGatewayException(
                    name + ": asks must return CompletableFuture<T>, not " + returns.getName());
        } else {
            kind = RpcMethod.Kind.BLOCKING;
            resultType = mapper.getTypeFactory().constructType(m.getGenericReturnType());
        }
        ObjectWriter resultWriter = null;
        ObjectReader resultReader = null;
        if (resultType != null) {
            requireSafe(name, resultType, "result");
            resultWriter = mapper.writerFor(resultType);
            resultReader = mapper.readerFor(resultType).with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        }
        try {
            m.setAccessible(true);
        } catch (RuntimeException e) {
            // Public interfaces in exported packages need no access override; others fail at call time with a clear
            // error.
        }
        return new RpcMethod(
                m, key, kind, p.timeoutIndex(), p.types(), p.writers(), p.readers(), resultWriter, resultReader);
    }

    private Parameters parameters(Method m, String name) {
        Type[] params = m.getGenericParameterTypes();
        JavaType[] types = new JavaType[params.length];
        ObjectWriter[] writers = new ObjectWriter[params.length];
        ObjectReader[] readers = new ObjectReader[params.length];
        int timeoutIndex = -1;
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < params.length; i++) {
            if (i > 0) {
                key.append(',');
            }
            key.append(m.getParameterTypes()[i].getTypeName());
            for (Annotation a : m.getParameterAnnotations()[i]) {
                if (a instanceof RpcTimeout) {
                    if (m.getParameterTypes()[i] != Duration.class) {
                        throw new UnencodableGatewayException(
                                name + ": @RpcTimeout parameter " + (i + 1) + " must be a java.time.Duration");
                    }
                    timeoutIndex = i;
                }
            }
            types[i] = mapper.getTypeFactory().constructType(params[i]);
            requireSafe(name, types[i], "parameter " + (i + 1));
            writers[i] = mapper.writerFor(types[i]);
            readers[i] = mapper.readerFor(types[i]);
        }
        return new Parameters(key.toString(), types, writers, readers, timeoutIndex);
    }

    private void requireSafe(String method, JavaType type, String where) {
        String problem = wireTypes.whyUnsafe(type, where);
        if (problem != null) {
            throw new UnencodableGatewayException(method + " cannot be sent over the wire: " + problem);
        }
    }

    /** Encodes arguments as a JSON array, each with its declared parameter type. */
    public byte[] encodeArguments(RpcMethod method, Object[] args) {
        ByteArrayBuilder out = new ByteArrayBuilder(mapper.getFactory()._getBufferRecycler());
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartArray();
            int n = args == null ? 0 : args.length;
            for (int i = 0; i < n; i++) {
                method.argumentWriter(i).writeValue(g, args[i]);
            }
            g.writeEndArray();
        } catch (IOException | RuntimeException e) {
            throw new WireEncodingException(
                    "cannot encode arguments of " + method.displayName() + ": " + e.getMessage(), e);
        }
        byte[] bytes = out.toByteArray();
        out.release();
        return bytes;
    }

    /**
     * Decodes arguments into the declared parameter types.
     *
     * @throws WireDecodingException naming the method and the parameter that failed
     */
    public Object[] decodeArguments(RpcMethod method, byte[] bytes) {
        Object[] args = new Object[method.arity()];
        int i = 0;
        try (JsonParser p = mapper.getFactory().createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw new WireDecodingException("arguments of " + method.displayName() + " are not a JSON array");
            }
            for (; i < args.length; i++) {
                if (p.nextToken() == JsonToken.END_ARRAY) {
                    throw new WireDecodingException(
                            method.displayName() + " expects " + args.length + " arguments but the call carries " + i);
                }
                args[i] = method.argumentReader(i).readValue(p);
            }
            if (p.nextToken() != JsonToken.END_ARRAY) {
                throw new WireDecodingException(
                        method.displayName() + " expects " + args.length + " arguments but the call carries more");
            }
            if (p.nextToken() != null) {
                throw new WireDecodingException(
                        "arguments of " + method.displayName() + " are followed by trailing bytes");
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof WireDecodingException w) {
                throw w;
            }
            String what = i < args.length
                    ? "argument " + (i + 1) + " as " + method.argumentType(i).toCanonical()
                    : "arguments";
            throw new WireDecodingException(
                    "cannot decode " + what + " of " + method.displayName() + ": " + firstLine(e.getMessage()), e);
        }
        return args;
    }

    /** Encodes a result with the method's declared result type. */
    public byte[] encodeResult(RpcMethod method, Object value) {
        try {
            return method.resultWriter().writeValueAsBytes(value);
        } catch (IOException | RuntimeException e) {
            throw new WireEncodingException(
                    "cannot encode the result of " + method.displayName() + ": " + e.getMessage(), e);
        }
    }

    /** Decodes a result into the method's declared result type. */
    public Object decodeResult(RpcMethod method, byte[] bytes) {
        try {
            return method.resultReader().readValue(bytes);
        } catch (IOException | RuntimeException e) {
            throw new WireDecodingException(
                    "cannot decode the result of " + method.displayName() + ": " + firstLine(e.getMessage()), e);
        }
    }

    public byte[] encodeError(WireError error) {
        try {
            return errorWriter.writeValueAsBytes(error);
        } catch (IOException e) {
            throw new WireEncodingException("cannot encode error: " + e.getMessage(), e);
        }
    }

    public WireError decodeError(byte[] bytes) {
        try {
            return errorReader.readValue(bytes);
        } catch (IOException | RuntimeException e) {
            return WireError.of(WireError.KIND_UNDECODABLE, "undecodable error reply: " + firstLine(e.getMessage()));
        }
    }
}
