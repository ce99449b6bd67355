package org.hacp.rpc;

import java.util.concurrent.TimeUnit;
import org.hacp.rpc.pekko.PekkoRpcService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh local RPC service per test, shut down after it. */
abstract class LocalServiceTestBase {
    protected PekkoRpcService service;

    @BeforeEach
    void startService() {
        service = PekkoRpcService.createLocal(RpcConfig.defaults());
    }

    @AfterEach
    void stopService() throws Exception {
        service.closeAsync().get(30, TimeUnit.SECONDS);
    }
}
