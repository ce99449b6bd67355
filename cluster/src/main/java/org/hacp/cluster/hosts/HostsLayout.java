package org.hacp.cluster.hosts;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.hacp.cluster.hosts.NamespaceHost.Kind;
import org.hacp.cluster.process.ClusterEnv;
import org.hacp.cluster.process.LocalCluster;
import org.hacp.cluster.process.Setting;
import org.hacp.cluster.process.ZooKeeperDigests;
import org.hacp.tls.ClusterCa;
import org.hacp.tls.TlsMaterialSource;

/**
 * Every file of a {@code scripts/hosts} run except the network: which hosts there are (zk1..zk3, a
 * ZooKeeper ensemble; jm1..jm3, JobManagers; te1, te2, TaskExecutors), their addresses and
 * namespaces ({@code hosts.list}), the throwaway CA and ZooKeeper digest ({@code credentials/}),
 * each host's {@code conf/} (HOCON, {@code zoo.cfg}, JAAS login, JVM options), the client
 * configuration of hactl and the drills, {@code cluster.env} without members, and the few settings
 * the bash side needs ({@code hosts.env}). One class writes them so {@code scripts/hosts} and the
 * Java launchers cannot disagree on a format (issue 29 item 6, as Flink's {@code BashJavaUtils}).
 *
 * @param jvmOptions extra JVM options of the JobManagers and TaskExecutors (not of ZooKeeper)
 */
public record HostsLayout(
        Path hacpHome, String prefix, String subnet, Duration sessionTimeout, List<String> jvmOptions) {
    /** The settings {@code scripts/hosts} sources: the bridge, its address, the unpacked distribution. */
    public static final String ENV_FILE = "hosts.env";
    /** The cluster id of every namespace-host run. */
    public static final String CLUSTER_ID = "hosts";

    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{0,7}");
    private static final Pattern SUBNET =
            Pattern.compile("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){2}");
    /** ZooKeeper's sessions must lie within 2..20 ticks; a tick of at most 2 s keeps the servers responsive. */
    private static final long MAX_TICK_MILLIS = 2000;

    private static final int ZOOKEEPER_CLIENT_PORT = 2281;
    private static final int JOB_MANAGER_RPC_PORT = 6123;
    private static final int JOB_MANAGER_STATUS_PORT = 8081;
    private static final int TASK_EXECUTOR_RPC_PORT = 6124;
    private static final int TASK_EXECUTOR_STATUS_PORT = 8082;
    private static final String JVM_OPTIONS =
            "-Xms64m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=0.02";

    public HostsLayout {
        jvmOptions = List.copyOf(jvmOptions);
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("--prefix '" + prefix + "': 1-8 lowercase letters and digits, "
                    + "starting with a letter (it names namespaces and the bridge, at most 15 characters)");
        }
        if (!SUBNET.matcher(subnet).matches()) {
            throw new IllegalArgumentException("--subnet '" + subnet + "': three octets, e.g. 10.77.0");
        }
        long seconds = sessionTimeout.toSeconds();
        if (sessionTimeout.toMillis() != seconds * 1000 || seconds < 1 || seconds > 20 * MAX_TICK_MILLIS / 1000) {
            throw new IllegalArgumentException("--session-timeout '" + sessionTimeout.toSeconds()
                    + "s': whole seconds from 1s to " + 20 * MAX_TICK_MILLIS / 1000 + "s, e.g. 10s");
        }
        for (String option : jvmOptions) {
            if (option.isBlank() || option.chars().anyMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'')) {
                throw new IllegalArgumentException(
                        "--jvm-option '" + option + "': one JVM option without spaces or quotes");
            }
        }
    }

    /** The hosts of every run, in start order within a role. */
    public List<NamespaceHost> hosts() {
        List<NamespaceHost> hosts = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            hosts.add(host("zk" + i, 10 + i, Kind.ZOOKEEPER, i));
        }
        for (int i = 1; i <= 3; i++) {
            hosts.add(host("jm" + i, 20 + i, Kind.JOB_MANAGER, i));
        }
        for (int i = 1; i <= 2; i++) {
            hosts.add(host("te" + i, 30 + i, Kind.TASK_EXECUTOR, i));
        }
        return List.copyOf(hosts);
    }

    private NamespaceHost host(String name, int octet, Kind kind, int number) {
        return new NamespaceHost(name, subnet + "." + octet, kind, kind.role() + "-" + number, prefix + "-" + name);
    }

    /** The ensemble's client addresses, as every process and hactl connect to it. */
    public String zooKeeperConnectString() {
        return String.join(
                ",",
                hosts().stream()
                        .filter(h -> h.kind() == Kind.ZOOKEEPER)
                        .map(h -> h.address() + ":" + ZOOKEEPER_CLIENT_PORT)
                        .toList());
    }

    /** Writes every file of the run into {@code runDir}, which holds the unpacked distribution at {@link #hacpHome}. */
    public void write(Path runDir) throws IOException {
        Path credentials = runDir.resolve("credentials");
        ClusterCa ca = ClusterCa.openOrCreate(credentials, CLUSTER_ID);
        Path digestFile = ZooKeeperDigests.create(credentials);
        String digest = Files.readString(digestFile, StandardCharsets.US_ASCII).trim();
        for (NamespaceHost h : hosts()) {
            writeHost(runDir, h, (TlsMaterialSource.Pem) ca.issue(h.name()).material(), digestFile, digest);
        }
        writeClientConfig(runDir, (TlsMaterialSource.Pem) ca.issue("client").material(), digestFile);
        NamespaceHost.write(runDir, hosts());
        List<Path> eventLogs = new ArrayList<>();
        for (NamespaceHost h : hosts()) {
            if (h.kind() != Kind.ZOOKEEPER) {
                eventLogs.add(runDir.relativize(h.logDir(runDir)));
            }
        }
        new ClusterEnv(zooKeeperConnectString(), CLUSTER_ID, sessionTimeout, List.of(), eventLogs).write(runDir);
        Files.writeString(
                runDir.resolve(ENV_FILE),
                "# Written by HostsLayout for scripts/hosts, which sources it.\n"
                        + "BRIDGE=" + prefix + "-br\n"
                        + "BRIDGE_ADDRESS=" + subnet + ".1/24\n"
                        + "HACP_HOME=" + shellWord(hacpHome.toString()) + "\n",
                StandardCharsets.UTF_8);
    }

    private void writeHost(Path runDir, NamespaceHost h, TlsMaterialSource.Pem tls, Path digestFile, String digest)
            throws IOException {
        Path conf = Files.createDirectories(h.confDir(runDir));
        Path state = Files.createDirectories(h.stateDir(runDir));
        try (DirectoryStream<Path> shipped = Files.newDirectoryStream(hacpHome.resolve("conf"))) {
            for (Path file : shipped) {
                Files.copy(file, conf.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        String jvm = JVM_OPTIONS;
        if (h.kind() != Kind.ZOOKEEPER && !jvmOptions.isEmpty()) {
            jvm += " " + String.join(" ", jvmOptions);
        }
        Files.writeString(conf.resolve("hacp-env.sh"), "HACP_JVM_OPTS=" + shellWord(jvm) + "\n");
        Map<String, Object> shared = new LinkedHashMap<>();
        shared.put(Setting.CLUSTER_ID.key(), CLUSTER_ID);
        shared.put(Setting.ZOOKEEPER_CONNECT_STRING.key(), zooKeeperConnectString());
        shared.put(Setting.SESSION_TIMEOUT.key(), sessionTimeout.toSeconds() + "s");
        shared.put(Setting.CONNECTION_TIMEOUT.key(), "5s");
        shared.put(Setting.ZOOKEEPER_AUTH_DIGEST_FILE.key(), digestFile.toString());
        shared.put(Setting.ZOOKEEPER_TLS.key(), true);
        shared.put(Setting.ZOOKEEPER_SASL.key(), true);
        shared.put(Setting.RPC_BIND_HOST.key(), h.address());
        shared.put(Setting.RPC_ADVERTISED_HOST.key(), h.address());
        shared.put(Setting.STATUS_BIND_HOST.key(), h.address());
        shared.put(Setting.STATUS_TLS.key(), true);
        shared.putAll(tlsSettings(tls));
        Files.writeString(
                conf.resolve("hacp.conf"),
                "# Host " + h.name() + " (" + h.address() + "), written by HostsLayout for scripts/hosts.\n"
                        + render(shared));
        Files.writeString(conf.resolve("jobmanager.conf"), roleConfig(JOB_MANAGER_RPC_PORT, JOB_MANAGER_STATUS_PORT));
        Files.writeString(
                conf.resolve("taskexecutor.conf"), roleConfig(TASK_EXECUTOR_RPC_PORT, TASK_EXECUTOR_STATUS_PORT));
        if (h.kind() == Kind.ZOOKEEPER) {
            writeZooKeeperServer(runDir, h, conf, state, tls, digest);
        }
    }

    private void writeZooKeeperServer(
            Path runDir, NamespaceHost h, Path conf, Path state, TlsMaterialSource.Pem tls, String digest)
            throws IOException {
        // ZooKeeper's PEM key store wants the key and its certificate in one file.
        Path pem = tls.certificate().resolveSibling(h.name() + ".pem");
        writeOwnerOnly(pem, Files.readString(tls.key()) + Files.readString(tls.certificate()));
        int colon = digest.indexOf(':');
        writeOwnerOnly(
                conf.resolve("zookeeper-jaas.conf"),
                "Server {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n  user_"
                        + digest.substring(0, colon) + "=\"" + digest.substring(colon + 1) + "\";\n};\n");
        StringBuilder tlsKeys = new StringBuilder();
        for (String scope : List.of("ssl", "ssl.quorum")) {
            tlsKeys.append(scope).append(".keyStore.location=").append(pem).append('\n');
            tlsKeys.append(scope).append(".keyStore.type=PEM\n");
            tlsKeys.append(scope)
                    .append(".trustStore.location=")
                    .append(tls.ca())
                    .append('\n');
            tlsKeys.append(scope).append(".trustStore.type=PEM\n");
            tlsKeys.append(scope).append(".protocol=TLSv1.3\n");
            tlsKeys.append(scope).append(".enabledProtocols=TLSv1.3\n");
            tlsKeys.append(scope).append(".hostnameVerification=false\n");
        }
        StringBuilder servers = new StringBuilder();
        for (NamespaceHost server : hosts()) {
            if (server.kind() == Kind.ZOOKEEPER) {
                servers.append("server.")
                        .append(myId(server))
                        .append('=')
                        .append(server.address())
                        .append(":2888:3888\n");
            }
        }
        long tick = Math.min(sessionTimeout.toMillis() / 10, MAX_TICK_MILLIS);
        Files.writeString(
                conf.resolve("zoo.cfg"),
                "# ZooKeeper server " + h.name() + " (" + h.address() + "), written by HostsLayout for scripts/hosts:\n"
                        + "# TLS-only clients with a certificate of the cluster's CA, SASL logins enforced, the\n"
                        + "# quorum's own links over TLS.\n"
                        + "tickTime=" + tick + "\n"
                        + "initLimit=10\nsyncLimit=5\n"
                        // bin/hacp fills in ${HACP_STATE_DIR} when it starts the server.
                        + "dataDir=${HACP_STATE_DIR}/zookeeper/data\n"
                        + "secureClientPortAddress=" + h.address() + "\n"
                        + "secureClientPort=" + ZOOKEEPER_CLIENT_PORT + "\n"
                        + "serverCnxnFactory=org.apache.zookeeper.server.NettyServerCnxnFactory\n"
                        + "ssl.clientAuth=need\nsslQuorum=true\n"
                        + tlsKeys
                        + "authProvider.sasl=org.apache.zookeeper.server.auth.SASLAuthenticationProvider\n"
                        + "enforce.auth.enabled=true\nenforce.auth.schemes=sasl\n"
                        + "4lw.commands.whitelist=srvr, ruok, mntr\nadmin.enableServer=false\n"
                        + servers);
        // The server's number in the ensemble, where bin/hacp's zoo.cfg puts the data directory.
        Path data = Files.createDirectories(state.resolve("zookeeper").resolve("data"));
        Files.writeString(data.resolve("myid"), myId(h) + "\n");
    }

    private static int myId(NamespaceHost zooKeeper) {
        return Integer.parseInt(
                zooKeeper.processId().substring(zooKeeper.processId().lastIndexOf('-') + 1));
    }

    private void writeClientConfig(Path runDir, TlsMaterialSource.Pem tls, Path digestFile) throws IOException {
        Map<String, Object> client = new LinkedHashMap<>();
        client.put(Setting.CLUSTER_ID.key(), CLUSTER_ID);
        client.put(Setting.ZOOKEEPER_CONNECT_STRING.key(), zooKeeperConnectString());
        client.put(Setting.ZOOKEEPER_AUTH_DIGEST_FILE.key(), digestFile.toString());
        client.put(Setting.ZOOKEEPER_TLS.key(), true);
        client.put(Setting.ZOOKEEPER_SASL.key(), true);
        client.put(Setting.RPC_BIND_HOST.key(), subnet + ".1");
        client.put(Setting.RPC_ADVERTISED_HOST.key(), subnet + ".1");
        client.putAll(tlsSettings(tls));
        Files.writeString(
                runDir.resolve(LocalCluster.CLIENT_CONFIG),
                "# hactl and the drills from the root namespace (scripts/hosts hactl ...), written by HostsLayout.\n"
                        + render(client));
    }

    private static Map<String, Object> tlsSettings(TlsMaterialSource.Pem tls) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(Setting.TLS_ENABLED.key(), true);
        settings.put(Setting.TLS_CERTIFICATE_FILE.key(), tls.certificate().toString());
        settings.put(Setting.TLS_KEY_FILE.key(), tls.key().toString());
        settings.put(Setting.TLS_CA_FILE.key(), tls.ca().toString());
        return settings;
    }

    private static String roleConfig(int rpcPort, int statusPort) {
        Map<String, Object> ports = new LinkedHashMap<>();
        ports.put(Setting.RPC_BIND_PORT.key(), rpcPort);
        ports.put(Setting.STATUS_PORT.key(), statusPort);
        return "include \"hacp.conf\"\n" + render(ports);
    }

    /** Rendered from values, never pasted together: a path cannot add settings of its own. */
    private static String render(Map<String, Object> values) {
        return ConfigFactory.parseMap(values)
                .root()
                .render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
    }

    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }

    /** {@code value} as one bash word: in single quotes, each quote written as '\\''. */
    private static String shellWord(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
