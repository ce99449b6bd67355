package org.hacp.cluster.taskexecutor;

import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;

/**
 * Gateways to the ResourceManager endpoint of every JobManager, connected without a token before
 * they are needed ({@link StandbyWarmup} fills it), so a TaskExecutor registers with a new leader
 * in one round trip instead of a handshake and a call (issue 16). Keyed by RPC address. Any thread.
 */
public final class PreparedGateways {
    private final ConcurrentMap<String, ResourceManagerGateway> byAddress = new ConcurrentHashMap<>();

    void put(String address, ResourceManagerGateway gateway) {
        byAddress.put(address, gateway);
    }

    /** The gateway connected to {@code address}, if one is. */
    Optional<ResourceManagerGateway> get(String address) {
        return Optional.ofNullable(byAddress.get(address));
    }

    /** Forgets {@code gateway} (a call over it failed: the next registration connects afresh). */
    void discard(String address, ResourceManagerGateway gateway) {
        byAddress.remove(address, gateway);
    }

    /** Keeps only the JobManagers that still have a session card. */
    void retainOnly(Collection<String> addresses) {
        byAddress.keySet().retainAll(addresses);
    }
}
