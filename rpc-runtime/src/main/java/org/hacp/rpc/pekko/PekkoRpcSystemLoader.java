package org.hacp.rpc.pekko;

import org.hacp.config.ConfigReader;
import org.hacp.rpc.RpcSystem;
import org.hacp.rpc.RpcSystemLoader;

/** Finds {@link PekkoRpcSystem}: the system of choice wherever it loads, since only it reaches other processes. */
public final class PekkoRpcSystemLoader implements RpcSystemLoader {
    @Override
    public String name() {
        return PekkoRpcSystem.NAME;
    }

    @Override
    public int loadPriority() {
        return 100;
    }

    @Override
    public RpcSystem loadRpcSystem(ConfigReader config) {
        return new PekkoRpcSystem();
    }
}
