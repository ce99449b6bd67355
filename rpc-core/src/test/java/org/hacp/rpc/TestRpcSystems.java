package org.hacp.rpc;

import java.time.Duration;
import org.hacp.config.ConfigReader;
import org.hacp.rpc.inmemory.InMemoryRpcSystem;

/**
 * The Pekko RPC system that tests share, loaded once per JVM through {@link RpcSystem#load} (issue
 * 18), so tests run the isolated jar the processes run. Loading it costs a class loader and about a
 * second of class loading, hence one per JVM; it is never closed (its extracted jar is deleted when
 * the JVM exits). Needs rpc-runtime on the test class path.
 */
public final class TestRpcSystems {
    private static final RpcSystem IN_MEMORY = new InMemoryRpcSystem();
    private static RpcSystem pekko;

    /**
     * The shutdown flush of tests' services: a service closed after its peer otherwise waits
     * Artery's whole flush for the peer that is gone (1.05 s per close, measured 2026-12-06), about
     * a quarter of the RPC modules' test time.
     */
    public static final Duration QUICK_CLOSE = Duration.ofMillis(100);

    private TestRpcSystems() {}

    /** The defaults, with {@link #QUICK_CLOSE}. */
    public static RpcConfig config() {
        return RpcConfig.defaults().withShutdownFlushTimeout(QUICK_CLOSE);
    }

    public static synchronized RpcSystem pekko() {
        if (pekko == null) {
            pekko = RpcSystem.load(ConfigReader.parse("hacp.rpc.system = pekko"));
        }
        return pekko;
    }

    /** A remote (Artery) service of the shared Pekko system. */
    public static RpcService remote(RpcConfig config) {
        return pekko().remoteService(config);
    }

    /**
     * A service of the shared in-memory system, reachable by the other in-memory services of this
     * JVM: for component tests that do not test the transport (issue 29 item 3), milliseconds
     * instead of an actor system per service.
     */
    public static RpcService inMemory(RpcConfig config) {
        return IN_MEMORY.remoteService(config);
    }

    /** A local-only service of the shared Pekko system. */
    public static RpcService local(RpcConfig config) {
        return pekko().localService(config);
    }
}
