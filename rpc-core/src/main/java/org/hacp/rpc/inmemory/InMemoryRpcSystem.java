package org.hacp.rpc.inmemory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.RpcSystem;

/**
 * An {@link RpcSystem} inside one JVM, for fast component tests (issue 18): no transport, no
 * encoding, the same semantics as local Pekko calls (a main thread per endpoint, lifecycle, call
 * guards and fencing, timeouts). The services it makes reach each other by address; a "remote"
 * service is one the others can connect to, a local one is reachable only from itself.
 */
public final class InMemoryRpcSystem implements RpcSystem {
    public static final String NAME = "in-memory";
    static final String SCHEME = "in-memory://";

    private final Map<String, InMemoryRpcService> reachable = new ConcurrentHashMap<>();
    private final AtomicInteger hosts = new AtomicInteger();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RpcService remoteService(RpcConfig config) {
        return start(config, true);
    }

    @Override
    public RpcService localService(RpcConfig config) {
        return start(config, false);
    }

    private RpcService start(RpcConfig config, boolean remote) {
        String host = config.systemName() + "-" + hosts.incrementAndGet();
        InMemoryRpcService service = new InMemoryRpcService(this, config, host);
        if (remote) {
            reachable.put(host, service);
            service.getTerminationFuture().whenComplete((ok, failure) -> reachable.remove(host, service));
        }
        return service;
    }

    /** The service another one may connect to at {@code host}, or null. */
    InMemoryRpcService reachable(String host) {
        return reachable.get(host);
    }

    /** Nothing to release: services are closed by their owners. */
    @Override
    public void close() {}
}
