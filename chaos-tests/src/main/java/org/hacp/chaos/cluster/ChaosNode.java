package org.hacp.chaos.cluster;

import java.util.List;
import org.hacp.chaos.net.FaultProxy;
import org.hacp.cluster.process.LocalCluster;
import org.hacp.cluster.process.Role;

/**
 * One process of a chaos cluster and its links: the proxy in front of its RPC port (it binds one
 * port and advertises the proxy's) and one proxy per ZooKeeper server it talks to.
 */
public final class ChaosNode implements ChaosTarget.Member {
    final String id;
    final Role role;
    final int bindPort;
    final FaultProxy inbound;
    final List<FaultProxy> zooKeeperLinks;
    final List<String> extraArgs;
    volatile LocalCluster.Member member;
    volatile boolean paused;

    ChaosNode(
            String id,
            Role role,
            int bindPort,
            FaultProxy inbound,
            List<FaultProxy> zooKeeperLinks,
            List<String> extraArgs) {
        this.id = id;
        this.role = role;
        this.bindPort = bindPort;
        this.inbound = inbound;
        this.zooKeeperLinks = zooKeeperLinks;
        this.extraArgs = extraArgs;
    }

    @Override
    public String id() {
        return id;
    }

    public Role role() {
        return role;
    }

    /** The status page of its current process ({@code ""} before it started or when it has none). */
    public String statusUrl() {
        LocalCluster.Member m = member;
        return m == null ? "" : m.statusUrl();
    }

    @Override
    public boolean alive() {
        LocalCluster.Member m = member;
        return m != null && m.process().isAlive();
    }

    @Override
    public boolean paused() {
        return paused;
    }

    /** Through its proxy: the address names the proxy's port. */
    @Override
    public boolean serves(String address) {
        return address.contains(":" + inbound.port() + "/");
    }
}
