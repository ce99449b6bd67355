package org.hacp.rpc;

import org.hacp.rpc.inmemory.InMemoryRpcSystem;

/** {@link RpcEndpointLifecycleTest} on the in-memory RPC system (issue 18). */
class InMemoryRpcEndpointLifecycleTest extends RpcEndpointLifecycleTest {
    @Override
    protected RpcService newService() {
        return new InMemoryRpcSystem().localService(RpcConfig.defaults());
    }
}
