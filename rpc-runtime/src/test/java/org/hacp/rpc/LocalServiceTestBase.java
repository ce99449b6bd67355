package org.hacp.rpc;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh local RPC service per test, shut down after it: Pekko's, or the in-memory system's in a
 * subclass that overrides {@link #newService()} (issue 18: the same tests hold for both).
 */
abstract class LocalServiceTestBase {
    protected RpcService service;

    /** The service a test runs on. */
    protected RpcService newService() {
        return TestRpcSystems.local(RpcConfig.defaults());
    }

    @BeforeEach
    void startService() {
        service = newService();
    }

    @AfterEach
    void stopService() throws Exception {
        service.closeAsync().get(30, TimeUnit.SECONDS);
    }
}
