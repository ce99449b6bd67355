package org.hacp.cluster.process;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.hacp.config.ConfigReader;
import org.hacp.ha.HaConfig;
import org.hacp.ha.zookeeper.EmbeddedZooKeeper;
import org.hacp.ha.zookeeper.ZooKeeperEnsemble;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.rpc.RpcConfig;
import org.hacp.threads.DaemonThreads;
import org.hacp.tls.ClusterCa;
import org.hacp.tls.TlsMaterialSource;

/**
 * A local cluster of real processes: a real ZooKeeper server (or ensemble) in this JVM, JobManagers and
 * TaskExecutors as child JVMs, each with its log in the run directory. {@link #close()} sends
 * SIGTERM to every child, then SIGKILL to any still alive after 15 s, so nothing is left behind.
 *
 * <p>Secure by default (issue 12): a throwaway {@link ClusterCa} in {@code <run-dir>/credentials}
 * issues a certificate to every member, which then speaks RPC over mutual TLS only, and a random
 * ZooKeeper digest (a file there, never on a command line) makes every znode creator-only; the
 * embedded ZooKeeper server and the status pages speak TLS with certificates of the same CA. Clients
 * in this JVM use {@link #clientRpcConfig} and {@link #clientConfig}; other processes (hactl,
 * drills) the settings in {@value #CLIENT_CONFIG}.
 */
public final class LocalCluster implements AutoCloseable {

    /** One child process. */
    public record Member(String id, Role role, Process process, String rpcHostPort, String statusUrl, Path log) {
        public long pid() {
            return process.pid();
        }
    }

    /** The settings a client of this cluster needs (its TLS certificate), in HOCON, in the run directory. */
    public static final String CLIENT_CONFIG = "client.conf";

    private final Path runDir;
    private final ClusterCa ca;
    private final Path zooKeeperDigest;
    private Config clientConfig;
    private final AutoCloseable zooKeeper;
    private final String connectString;
    private final Duration sessionTimeout;
    private final String classpath;
    private final List<Member> members = new ArrayList<>();

    private LocalCluster(
            Path runDir,
            ClusterCa ca,
            Path zooKeeperDigest,
            AutoCloseable zooKeeper,
            String connectString,
            Duration sessionTimeout,
            String classpath) {
        this.runDir = runDir;
        this.ca = ca;
        this.zooKeeperDigest = zooKeeperDigest;
        this.zooKeeper = zooKeeper;
        this.connectString = connectString;
        this.sessionTimeout = sessionTimeout;
        this.classpath = classpath;
    }

    /** Starts ZooKeeper; members are started with {@link #startJobManager} / {@link #startTaskExecutor}. */
    public static LocalCluster start(Path runDir, Duration sessionTimeout, String classpath) throws IOException {
        return start(runDir, sessionTimeout, classpath, 1);
    }

    /** With {@code zooKeeperServers} = 1 an embedded server, otherwise a real ensemble of that many servers. */
    public static LocalCluster start(Path runDir, Duration sessionTimeout, String classpath, int zooKeeperServers)
            throws IOException {
        Files.createDirectories(runDir);
        ClusterCa ca = ClusterCa.openOrCreate(runDir.resolve("credentials"), "local");
        Path digest = ZooKeeperDigests.create(runDir.resolve("credentials"));
        if (zooKeeperServers <= 1) {
            // TLS-only (clients must show a certificate of the cluster's CA) and SASL-only (a session
            // does nothing before it logs in with the digest). An ensemble's servers stay plain on
            // loopback with digest ACLs: their TLS and SASL are not built yet (issue 12, noted).
            EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(
                    runDir.resolve("zookeeper").toString(),
                    0,
                    sessionTimeout,
                    ca.issue("zookeeper"),
                    Files.readString(digest).trim());
            return new LocalCluster(runDir, ca, digest, zk, zk.connectString(), sessionTimeout, classpath)
                    .withClientConfig();
        }
        ZooKeeperEnsemble ensemble =
                ZooKeeperEnsemble.start(zooKeeperServers, (int) Math.max(50, sessionTimeout.toMillis() / 10));
        return new LocalCluster(runDir, ca, digest, ensemble, ensemble.connectString(), sessionTimeout, classpath)
                .withClientConfig();
    }

    /**
     * One TLS session with ZooKeeper from here before any member starts: the server's first
     * handshakes are slow (cold code), and members starting at once each waited for them.
     */
    private void warmUpZooKeeper() {
        if (secureZooKeeper()) {
            ZooKeeperHaServices.start(clientHaConfig(sessionTimeout, Duration.ofSeconds(5)), "warm-up", e -> {})
                    .close();
        }
    }

    /** Issues the "client" certificate and writes {@value #CLIENT_CONFIG}. */
    private LocalCluster withClientConfig() throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(Setting.ZOOKEEPER_AUTH_DIGEST_FILE.key(), zooKeeperDigest.toString());
        values.put(Setting.ZOOKEEPER_TLS.key(), secureZooKeeper());
        values.put(Setting.ZOOKEEPER_SASL.key(), secureZooKeeper());
        tlsSettings("client").forEach((setting, value) -> values.put(setting.key(), value));
        clientConfig = ConfigFactory.parseMap(values);
        warmUpZooKeeper();
        // Rendered from values, never pasted together: a path cannot add settings of its own.
        Files.writeString(
                runDir.resolve(CLIENT_CONFIG),
                clientConfig.root().render(ConfigRenderOptions.defaults().setOriginComments(false)));
        return this;
    }

    /**
     * The credentials a client of this cluster needs, as configuration: the ZooKeeper digest file
     * and TLS with the certificate issued to "client" (what {@value #CLIENT_CONFIG} holds).
     */
    public Config clientConfig() {
        return clientConfig;
    }

    /** The TLS settings of a certificate just issued to {@code name} by this cluster's CA. */
    public Map<Setting, String> tlsSettings(String name) {
        TlsMaterialSource.Pem pem = (TlsMaterialSource.Pem) ca.issue(name).material();
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        settings.put(Setting.TLS_ENABLED, "true");
        settings.put(Setting.TLS_CERTIFICATE_FILE, pem.certificate().toString());
        settings.put(Setting.TLS_KEY_FILE, pem.key().toString());
        settings.put(Setting.TLS_CA_FILE, pem.ca().toString());
        return settings;
    }

    /** Whether this cluster's ZooKeeper speaks TLS and SASL only (the embedded server does, an ensemble not yet). */
    private boolean secureZooKeeper() {
        return zooKeeper instanceof EmbeddedZooKeeper;
    }

    /** ZooKeeper settings for a client of this cluster in this JVM: its server, cluster id and digest. */
    public HaConfig clientHaConfig(Duration clientSessionTimeout, Duration connectionTimeout) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(Setting.CLUSTER_ID.key(), "local");
        values.put(Setting.ZOOKEEPER_CONNECT_STRING.key(), connectString);
        values.put(Setting.SESSION_TIMEOUT.key(), clientSessionTimeout.toMillis() + "ms");
        values.put(Setting.CONNECTION_TIMEOUT.key(), connectionTimeout.toMillis() + "ms");
        return HaConfig.from(ConfigReader.of(ConfigFactory.parseMap(values).withFallback(clientConfig())));
    }

    /** RPC settings for a client of this cluster in this JVM, with a certificate issued to {@code name}. */
    public RpcConfig clientRpcConfig(String name) {
        return RpcConfig.defaults().withTls(ca.issue(name));
    }

    public String zooKeeperConnectString() {
        return connectString;
    }

    public Path runDir() {
        return runDir;
    }

    public List<Member> members() {
        return List.copyOf(members);
    }

    /** The settings every member gets: this ZooKeeper, a short session, quick heartbeats. */
    public Map<Setting, String> commonSettings() {
        Map<Setting, String> settings = new EnumMap<>(Setting.class);
        settings.put(Setting.ZOOKEEPER_CONNECT_STRING, connectString);
        settings.put(Setting.CLUSTER_ID, "local");
        settings.put(Setting.ZOOKEEPER_AUTH_DIGEST_FILE, zooKeeperDigest.toString());
        settings.put(Setting.ZOOKEEPER_TLS, Boolean.toString(secureZooKeeper()));
        settings.put(Setting.ZOOKEEPER_SASL, Boolean.toString(secureZooKeeper()));
        settings.put(Setting.STATUS_TLS, "true");
        settings.put(Setting.SESSION_TIMEOUT, sessionTimeout.toMillis() + "ms");
        // At least 3 s (a process waits 3 x this at start): five cold JVMs making their first TLS
        // handshakes with ZooKeeper at once took 6.7 s to a session on this 2-core machine (issue 12).
        settings.put(Setting.CONNECTION_TIMEOUT, Math.max(3000, sessionTimeout.toMillis() / 2) + "ms");
        settings.put(Setting.HEARTBEAT_INTERVAL, "200ms");
        settings.put(Setting.HEARTBEAT_TIMEOUT, Math.max(1000, sessionTimeout.toMillis()) + "ms");
        return settings;
    }

    public CompletableFuture<Member> startJobManager(String id) {
        return launch(MemberSpec.of(id, Role.JOB_MANAGER, commonSettings()));
    }

    public CompletableFuture<Member> startTaskExecutor(String id, int slots) {
        return launch(MemberSpec.of(id, Role.TASK_EXECUTOR, commonSettings())
                .withArgs(List.of("--slots", Integer.toString(slots))));
    }

    /** A JVM hosting {@code count} lightweight TaskExecutors ({@code <id>-1..<id>-N}). */
    public CompletableFuture<Member> startTaskExecutors(String id, int count, int slots) {
        return launch(MemberSpec.of(id, Role.TASK_EXECUTOR, commonSettings())
                .withArgs(List.of("--slots", Integer.toString(slots), "--count", Integer.toString(count))));
    }

    /** The ensemble, when this cluster runs one (its servers can be killed and restarted). */
    public ZooKeeperEnsemble ensemble() {
        if (zooKeeper instanceof ZooKeeperEnsemble ensemble) {
            return ensemble;
        }
        throw new IllegalStateException("this local cluster runs a single embedded ZooKeeper server, not an ensemble");
    }

    /**
     * Starts a member with its own JVM options and configuration {@code settings} (key=value),
     * e.g. to route its ZooKeeper and RPC traffic through fault proxies. Its event log is
     * {@code <run-dir>/<id>.events.jsonl}, appended to across restarts.
     */
    public CompletableFuture<Member> launch(MemberSpec spec) {
        String id = spec.id();
        Role role = spec.role();
        // Many small JVMs on few cores: a small heap, SerialGC, C1 only. Compiling after ~2-8 calls
        // instead of ~200 (CompileThresholdScaling) matters for failover: its code runs a few times
        // per process, so it stayed interpreted: with thresholds 12-50x lower, and nothing else
        // changed, a planned handover's median fell from 157-177 ms to 100-131 ms on the 2-core
        // benchmark machine (issue 16). The cost: more compiling at start-up (ProcessClusterIT
        // 36.5 s -> 41.6-43.1 s).
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m",
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-XX:CompileThresholdScaling=0.02",
                "-Dlogback.configurationFile=" + logbackConfig()));
        command.addAll(spec.jvmOptions());
        command.addAll(List.of(
                "-cp",
                classpath,
                role.mainClassName(),
                "--id",
                id,
                "--exit-with-parent",
                "--event-log",
                runDir.resolve(id + ".events.jsonl").toString()));
        if (!spec.settings().containsKey(Setting.TLS_ENABLED)) {
            spec = spec.withAll(tlsSettings(id));
        }
        command.addAll(spec.settingArgs());
        command.addAll(spec.extraArgs());
        Path log = runDir.resolve(id + ".log");
        CompletableFuture<Member> ready = new CompletableFuture<>();
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(spec.environment());
            Process process = builder.start();
            DaemonThreads.start("log-" + id, () -> pump(process, log, id, role, ready));
            process.onExit()
                    .thenRun(() -> ready.completeExceptionally(new IllegalStateException(role + " '" + id
                            + "' exited with " + process.exitValue() + " before it was ready; see " + log)));
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        return ready.orTimeout(60, TimeUnit.SECONDS);
    }

    private void pump(Process process, Path log, String id, Role role, CompletableFuture<Member> ready) {
        try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter out = new PrintWriter(
                        Files.newBufferedWriter(
                                log, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND),
                        true)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(line);
                if (!ready.isDone()) {
                    Optional<ReadyLine> readyLine = ReadyLine.parse(line, id);
                    if (readyLine.isPresent()) {
                        Member member = new Member(
                                id,
                                role,
                                process,
                                readyLine.get().rpcHostPort(),
                                readyLine.get().statusUrl(),
                                log);
                        synchronized (this) {
                            members.add(member);
                        }
                        ready.complete(member);
                    }
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
    }

    /** The project's operator log config, found from the repository root or a module directory. */
    private static String logbackConfig() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path config = dir.resolve("config").resolve("logback.xml");
            if (Files.exists(config)) {
                return config.toString();
            }
        }
        return "";
    }

    /** The member serving RPC at {@code address} (an endpoint address), if any. */
    public Member memberAt(String address) {
        synchronized (this) {
            return members.stream()
                    .filter(m -> address.contains("@" + m.rpcHostPort() + "/"))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** {@code kill -9}: the process gets no chance to release anything. */
    public void kill(Member member) throws InterruptedException {
        member.process().destroyForcibly();
        member.process().waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM: the process shuts down cleanly. */
    public void terminate(Member member) throws InterruptedException {
        member.process().destroy();
        member.process().waitFor(15, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        List<Member> all;
        synchronized (this) {
            all = List.copyOf(members);
        }
        all.forEach(m -> m.process().destroy());
        for (Member m : all) {
            if (!m.process().waitFor(15, TimeUnit.SECONDS)) {
                m.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
        zooKeeper.close();
    }
}
