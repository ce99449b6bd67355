package org.hacp.rpc;

import org.hacp.config.ConfigReader;

/**
 * The Pekko RPC system that tests share, loaded once per JVM through {@link RpcSystem#load} (issue
 * 18), so tests run the isolated jar the processes run. Loading it costs a class loader and about a
 * second of class loading, hence one per JVM; it is never closed (its extracted jar is deleted when
 * the JVM exits). Needs rpc-runtime on the test class path.
 */
public final class TestRpcSystems {
    private static RpcSystem pekko;

    private TestRpcSystems() {}

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

    /** A local-only service of the shared Pekko system. */
    public static RpcService local(RpcConfig config) {
        return pekko().localService(config);
    }
}
