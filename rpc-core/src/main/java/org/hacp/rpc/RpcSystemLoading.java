package org.hacp.rpc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How {@link RpcSystem#load} picks a system: by name, or by load priority among those that load. */
final class RpcSystemLoading {
    private static final Logger LOG = LoggerFactory.getLogger(RpcSystem.class);
    static final String KEY = "hacp.rpc.system";
    private static final String AUTO = "auto";

    private RpcSystemLoading() {}

    static RpcSystem load(ConfigReader config) {
        String wanted = config.string(KEY);
        List<RpcSystemLoader> loaders = new ArrayList<>();
        ServiceLoader.load(RpcSystemLoader.class, RpcSystemLoading.class.getClassLoader())
                .forEach(loaders::add);
        loaders.sort(Comparator.comparingInt(RpcSystemLoader::loadPriority).reversed());
        List<String> names = loaders.stream().map(RpcSystemLoader::name).toList();
        if (!wanted.equals(AUTO)) {
            loaders.removeIf(l -> !l.name().equals(wanted));
            if (loaders.isEmpty()) {
                throw new ConfigException(
                        KEY + " = '" + wanted + "': no such RPC system; found " + names + " (or auto)");
            }
        }
        List<String> failures = new ArrayList<>();
        for (RpcSystemLoader loader : loaders) {
            try {
                RpcSystem system = loader.loadRpcSystem(config);
                LOG.info(
                        "RPC system '{}' loaded ({} = {}; priority {}, of {})",
                        system.name(),
                        KEY,
                        wanted,
                        loader.loadPriority(),
                        names);
                return system;
            } catch (Exception | LinkageError e) {
                LOG.warn("RPC system '{}' did not load: {}", loader.name(), e.toString());
                failures.add(loader.name() + ": " + e);
            }
        }
        throw new RpcException(
                loaders.isEmpty()
                        ? "no RPC system on the class path (no META-INF/services/" + RpcSystemLoader.class.getName()
                                + ")"
                        : "no RPC system loaded: " + String.join("; ", failures));
    }
}
