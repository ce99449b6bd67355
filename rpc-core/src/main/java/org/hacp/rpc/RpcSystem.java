package org.hacp.rpc;

import org.hacp.config.ConfigReader;

/**
 * Makes {@link RpcService}s from the project's configuration without naming the transport behind
 * them (issue 18). Obtained with {@link #load(ConfigReader)}; closing it releases what loading
 * took, after the services it made are closed.
 */
public interface RpcSystem extends AutoCloseable {

    /** The name operators choose it by in {@code hacp.rpc.system}, e.g. {@code pekko}. */
    String name();

    /** A service reachable from other processes at its advertised address. */
    RpcService remoteService(RpcConfig config);

    /** A service reachable only from inside this process. */
    RpcService localService(RpcConfig config);

    /** Releases what loading this system took; the services it made must be closed first. Idempotent. */
    @Override
    void close();

    /**
     * The system {@code hacp.rpc.system} names, or with {@code auto} the one of highest load
     * priority among those found through {@link RpcSystemLoader}s that load; says which in the log.
     *
     * @throws org.hacp.config.ConfigException naming the key when no system of that name exists
     * @throws RpcException when no system loads, with each loader's failure
     */
    static RpcSystem load(ConfigReader config) {
        return RpcSystemLoading.load(config);
    }

    /** {@link #load(ConfigReader)} with the defaults of {@code reference.conf}. */
    static RpcSystem load() {
        return load(ConfigReader.defaults());
    }
}
