package org.hacp.cluster.process;

/** The configuration keys a launcher sets on the processes it starts. */
public enum Setting {
    ZOOKEEPER_CONNECT_STRING("hacp.ha.zookeeper.connect-string"),
    CLUSTER_ID("hacp.ha.cluster-id"),
    SESSION_TIMEOUT("hacp.ha.zookeeper.session-timeout"),
    CONNECTION_TIMEOUT("hacp.ha.zookeeper.connection-timeout"),
    ZOOKEEPER_AUTH_DIGEST_FILE("hacp.ha.zookeeper.auth-digest-file"),
    ZOOKEEPER_TLS("hacp.ha.zookeeper.tls"),
    ZOOKEEPER_SASL("hacp.ha.zookeeper.sasl"),
    FAST_TAKEOVER("hacp.ha.fast-takeover.enabled"),
    HEARTBEAT_INTERVAL("hacp.cluster.heartbeat-interval"),
    HEARTBEAT_TIMEOUT("hacp.cluster.heartbeat-timeout"),
    STATUS_TLS("hacp.cluster.status-tls"),
    STATUS_BIND_HOST("hacp.cluster.status-bind-host"),
    STATUS_PORT("hacp.cluster.status-port"),
    RPC_BIND_HOST("hacp.rpc.bind-host"),
    RPC_ADVERTISED_HOST("hacp.rpc.advertised-host"),
    RPC_BIND_PORT("hacp.rpc.bind-port"),
    RPC_ADVERTISED_PORT("hacp.rpc.advertised-port"),
    RPC_ASK_TIMEOUT("hacp.rpc.ask-timeout"),
    TLS_ENABLED("hacp.security.tls.enabled"),
    TLS_CERTIFICATE_FILE("hacp.security.tls.certificate-file"),
    TLS_KEY_FILE("hacp.security.tls.key-file"),
    TLS_CA_FILE("hacp.security.tls.ca-file");

    private final String key;

    Setting(String key) {
        this.key = key;
    }

    /** The configuration key, e.g. {@code hacp.rpc.bind-port}. */
    public String key() {
        return key;
    }
}
