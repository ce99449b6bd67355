package org.hacp.rpc.wire;

import java.lang.reflect.Method;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The RPC methods of a gateway interface, or of every gateway an endpoint class implements,
 * indexed for the caller (by {@link Method}) and for the receiver (by wire key). Built and
 * validated once per class by {@link WireCodec#schemaOf}.
 */
public final class GatewaySchema {
    private final Class<?> type;
    private final Map<Method, RpcMethod> byMethod;
    private final Map<String, RpcMethod> byKey;
    private final Set<String> gatewayNames;

    GatewaySchema(Class<?> type, Map<Method, RpcMethod> byMethod, Set<String> gatewayNames) {
        this.type = type;
        this.byMethod = Map.copyOf(byMethod);
        Map<String, RpcMethod> keys = new HashMap<>();
        for (RpcMethod m : byMethod.values()) {
            keys.put(m.key(), m);
        }
        this.byKey = Map.copyOf(keys);
        this.gatewayNames = Collections.unmodifiableSet(new LinkedHashSet<>(gatewayNames));
    }

    /** The interface or endpoint class this schema describes. */
    public Class<?> type() {
        return type;
    }

    /** The RPC method behind a proxy's {@link Method}, or {@code null} for a local method. */
    public RpcMethod forMethod(Method method) {
        return byMethod.get(method);
    }

    /** The RPC method a wire key names, if this schema serves it. */
    public Optional<RpcMethod> forKey(String key) {
        return Optional.ofNullable(byKey.get(key));
    }

    /** Names of every gateway interface covered; the handshake checks against them. */
    public Set<String> gatewayNames() {
        return gatewayNames;
    }
}
