package org.hacp.rpc.pekko;

import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.RpcSystem;

/**
 * The {@link RpcSystem} of Pekko actor systems: Artery TCP (with mutual TLS when configured) or local
 * only. Created by rpc-runtime's loader inside the isolated class loader (issue 18), by name and
 * its public no-argument constructor.
 */
public final class PekkoRpcSystem implements RpcSystem {
    public static final String NAME = "pekko";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public RpcService remoteService(RpcConfig config) {
        return PekkoRpcService.createRemote(config);
    }

    @Override
    public RpcService localService(RpcConfig config) {
        return PekkoRpcService.createLocal(config);
    }

    /** Nothing to release here; the loader that created this system closes its class loader. */
    @Override
    public void close() {}
}
