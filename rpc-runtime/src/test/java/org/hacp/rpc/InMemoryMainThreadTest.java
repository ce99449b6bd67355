package org.hacp.rpc;

import org.hacp.rpc.inmemory.InMemoryRpcSystem;

/** {@link MainThreadTest} on the in-memory RPC system (issue 18). */
class InMemoryMainThreadTest extends MainThreadTest {
    @Override
    protected RpcService newService() {
        return new InMemoryRpcSystem().localService(RpcConfig.defaults());
    }
}
