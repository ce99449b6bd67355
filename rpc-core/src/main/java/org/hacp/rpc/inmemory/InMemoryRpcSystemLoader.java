package org.hacp.rpc.inmemory;

import org.hacp.config.ConfigReader;
import org.hacp.rpc.RpcSystem;
import org.hacp.rpc.RpcSystemLoader;

/** Finds {@link InMemoryRpcSystem}: lowest priority, so {@code auto} takes it only when nothing else loads. */
public final class InMemoryRpcSystemLoader implements RpcSystemLoader {
    @Override
    public String name() {
        return InMemoryRpcSystem.NAME;
    }

    @Override
    public int loadPriority() {
        return 0;
    }

    @Override
    public RpcSystem loadRpcSystem(ConfigReader config) {
        return new InMemoryRpcSystem();
    }
}
