package org.hacp.ha;

import java.time.Duration;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import org.hacp.leader.zookeeper.takeover.FastTakeoverSettings;
import org.hacp.tls.TlsConfig;

/**
 * Typed settings of the HA services ({@code hacp.ha}); defaults and ranges are documented in this
 * module's {@code reference.conf}.
 */
public record HaConfig(
        String clusterId,
        String connectString,
        String root,
        Duration sessionTimeout,
        Duration connectionTimeout,
        Duration retryBaseSleep,
        Duration retryMaxSleep,
        int retryMaxRetries,
        boolean tolerateSuspendedConnections,
        String authDigest,
        String embeddedDataDir,
        int embeddedPort,
        boolean allowInsecure,
        TlsConfig zooKeeperTls,
        boolean zooKeeperSasl,
        FastTakeoverSettings fastTakeover,
        long maxRecordBytes) {

    private static final String P = "hacp.ha.";

    public HaConfig {
        if (zooKeeperTls == null) {
            zooKeeperTls = TlsConfig.disabled();
        }
        if (fastTakeover == null) {
            fastTakeover = FastTakeoverSettings.defaults();
        }
        if (zooKeeperSasl && (authDigest == null || authDigest.isEmpty())) {
            throw new ConfigException(P + "zookeeper.sasl = true logs in with the credential of " + P
                    + "zookeeper.auth-digest (or -file / -env), which is not set");
        }
        if (clusterId == null || !clusterId.matches("[A-Za-z0-9][A-Za-z0-9_-]{0,63}")) {
            throw new ConfigException(
                    P + "cluster-id = '" + clusterId + "' is not allowed: 1-64 letters, digits, '-' or '_'");
        }
        if (root == null || !root.matches("(/(?!\\.{1,2}(/|$))[A-Za-z0-9_.-]+)+")) {
            throw new ConfigException(
                    P + "zookeeper.root = '" + root + "' is not allowed: an absolute path such as /hacp");
        }
        if (authDigest != null && !authDigest.isEmpty() && !authDigest.matches("[^:]+:.+")) {
            throw new ConfigException(P + "zookeeper.auth-digest must look like user:password");
        }
        if (!allowInsecure && (authDigest == null || authDigest.isEmpty()) && !onThisHost(connectString)) {
            // Without credentials every znode is world-readable and writable: anyone who reaches
            // ZooKeeper reads every token and rewrites every leader (issue 12).
            throw new ConfigException(P + "zookeeper.connect-string = '" + connectString + "' is not on this host and "
                    + P + "zookeeper.auth-digest (or -file / -env) is not set; set credentials, or "
                    + "hacp.security.allow-insecure = true to run without them");
        }
    }

    /** Whether every server of {@code connectString} is on this host (empty: the embedded server, which is). */
    public static boolean onThisHost(String connectString) {
        if (connectString == null || connectString.isBlank()) {
            return true;
        }
        String servers =
                connectString.contains("/") ? connectString.substring(0, connectString.indexOf('/')) : connectString;
        for (String server : servers.split(",")) {
            String host = server.trim();
            host = host.startsWith("[")
                    ? host.substring(1, host.indexOf(']'))
                    : host.substring(0, Math.max(0, host.lastIndexOf(':')));
            if (!(host.equals("localhost") || host.startsWith("127.") || host.equals("::1"))) {
                return false;
            }
        }
        return true;
    }

    /** Everything but the digest's password, which is never printed (issue 13). */
    @Override
    public String toString() {
        return "HaConfig[clusterId=" + clusterId + ", connectString=" + connectString + ", root=" + root
                + ", sessionTimeout=" + sessionTimeout + ", connectionTimeout=" + connectionTimeout
                + ", retryBaseSleep=" + retryBaseSleep + ", retryMaxSleep=" + retryMaxSleep + ", retryMaxRetries="
                + retryMaxRetries + ", tolerateSuspendedConnections=" + tolerateSuspendedConnections
                + ", authDigest=" + maskedDigest() + ", embeddedDataDir=" + embeddedDataDir + ", embeddedPort="
                + embeddedPort + ", allowInsecure=" + allowInsecure + ", zooKeeperTls=" + zooKeeperTls.enabled()
                + ", zooKeeperSasl=" + zooKeeperSasl + ", fastTakeover=" + fastTakeover + ", maxRecordBytes="
                + maxRecordBytes + "]";
    }

    private String maskedDigest() {
        if (authDigest == null || authDigest.isEmpty()) {
            return "none";
        }
        return authDigest.substring(0, authDigest.indexOf(':')) + ":******";
    }

    public static HaConfig defaults() {
        return from(ConfigReader.defaults());
    }

    public static HaConfig from(ConfigReader r) {
        String z = P + "zookeeper.";
        return new HaConfig(
                r.string(P + "cluster-id"),
                r.string(z + "connect-string"),
                r.string(z + "root"),
                r.duration(z + "session-timeout", Duration.ofSeconds(1), Duration.ofMinutes(5)),
                r.duration(z + "connection-timeout", Duration.ofMillis(100), Duration.ofMinutes(5)),
                r.duration(z + "retry.base-sleep", Duration.ofMillis(1), Duration.ofMinutes(1)),
                r.duration(z + "retry.max-sleep", Duration.ofMillis(1), Duration.ofMinutes(5)),
                r.intValue(z + "retry.max-retries", 0, 29),
                r.booleanValue(z + "tolerate-suspended-connections"),
                r.secret(z + "auth-digest"),
                r.string(z + "embedded.data-dir"),
                r.intValue(z + "embedded.port", 0, 65535),
                r.booleanValue("hacp.security.allow-insecure"),
                zooKeeperTls(r),
                r.booleanValue(P + "zookeeper.sasl"),
                new FastTakeoverSettings(
                        r.booleanValue(P + "fast-takeover.enabled"),
                        r.intValue(P + "fast-takeover.confirm-probes", 1, 20),
                        r.duration(P + "fast-takeover.probe-interval", Duration.ZERO, Duration.ofSeconds(10))),
                r.bytes(RecordSizeLimit.KEY, RecordSizeLimit.MIN_BYTES, RecordSizeLimit.MAX_BYTES));
    }

    /** TLS for ZooKeeper connections: the process's {@code hacp.security.tls} material, when asked for. */
    private static TlsConfig zooKeeperTls(ConfigReader r) {
        if (!r.booleanValue(P + "zookeeper.tls")) {
            return TlsConfig.disabled();
        }
        TlsConfig tls = TlsConfig.from(r);
        if (!tls.enabled()) {
            throw new ConfigException(P + "zookeeper.tls = true uses the certificate of hacp.security.tls, which is"
                    + " not enabled: set hacp.security.tls.enabled = true and its files");
        }
        return tls;
    }

    /** The namespace of this cluster's znodes, without the leading '/' (Curator's form). */
    public String namespace() {
        return root.substring(1) + "/" + clusterId;
    }

    public HaConfig withConnectString(String connect) {
        return new HaConfig(
                clusterId,
                connect,
                root,
                sessionTimeout,
                connectionTimeout,
                retryBaseSleep,
                retryMaxSleep,
                retryMaxRetries,
                tolerateSuspendedConnections,
                authDigest,
                embeddedDataDir,
                embeddedPort,
                allowInsecure,
                zooKeeperTls,
                zooKeeperSasl,
                fastTakeover,
                maxRecordBytes);
    }
}
