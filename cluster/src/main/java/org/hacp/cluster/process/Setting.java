package org.hacp.cluster.process;

/** The configuration keys a launcher sets on the processes it starts. */
public enum Setting {
    ZOOKEEPER_CONNECT_STRING("hacp.ha.zookeeper.connect-string"),
    CLUSTER_ID("hacp.ha.cluster-id"),
    SESSION_TIMEOUT("hacp.ha.zookeeper.session-timeout"),
    CONNECTION_TIMEOUT("hacp.ha.zookeeper.connection-timeout"),
    HEARTBEAT_INTERVAL("hacp.cluster.heartbeat-interval"),
    HEARTBEAT_TIMEOUT("hacp.cluster.heartbeat-timeout"),
    RPC_BIND_PORT("hacp.rpc.bind-port"),
    RPC_ADVERTISED_PORT("hacp.rpc.advertised-port"),
    RPC_ASK_TIMEOUT("hacp.rpc.ask-timeout");

    private final String key;

    Setting(String key) {
        this.key = key;
    }

    /** The configuration key, e.g. {@code hacp.rpc.bind-port}. */
    public String key() {
        return key;
    }
}
