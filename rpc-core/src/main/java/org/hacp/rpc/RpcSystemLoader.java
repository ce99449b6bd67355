package org.hacp.rpc;

import org.hacp.config.ConfigReader;

/**
 * Service-provider interface of an {@link RpcSystem}: listed in
 * {@code META-INF/services/org.hacp.rpc.RpcSystemLoader} and found by {@link RpcSystem#load}.
 */
public interface RpcSystemLoader {

    /** The system's name, as {@code hacp.rpc.system} names it. */
    String name();

    /** Higher is tried first when {@code hacp.rpc.system = auto}. */
    int loadPriority();

    /**
     * Loads the system; throwing makes {@link RpcSystem#load} try the next loader.
     *
     * @param config the whole configuration, for settings of the system's own
     */
    RpcSystem loadRpcSystem(ConfigReader config) throws Exception;
}
