package org.hacp.rpc.pekko;

import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.RpcSystem;

/** The {@link RpcSystem} of Pekko actor systems: Artery TCP (with mutual TLS when configured) or local only. */
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

    /** Nothing to release: Pekko is on the class path it was loaded from. */
    @Override
    public void close() {}
}
