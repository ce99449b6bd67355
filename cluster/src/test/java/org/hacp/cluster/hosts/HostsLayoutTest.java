package org.hacp.cluster.hosts;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.hacp.cluster.hosts.NamespaceHost.Kind;
import org.hacp.cluster.process.ClusterEnv;
import org.hacp.process.CommandRun;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The files of a {@code scripts/hosts} run, written by the one class that owns their formats (issue
 * 29 item 6) and read back by the readers the cluster and bash use: HOCON through includes,
 * {@code hosts.list}, {@code cluster.env} from READY lines, {@code hosts.env} sourced by bash.
 */
class HostsLayoutTest {
    @TempDir
    Path dir;

    private Path run;
    private Path home;

    @BeforeEach
    void distribution() throws IOException {
        run = Files.createDirectories(dir.resolve("run"));
        // A path bash must quote: a space and a single quote.
        home = Files.createDirectories(dir.resolve("dist/hacp it's 1"));
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/logback.xml"), "<configuration/>");
    }

    private int hosts(String... args) {
        return new CommandLine(new HostsCommand()).execute(args);
    }

    private int layout(String... extra) {
        List<String> args = new ArrayList<>(
                List.of("layout", "--run-dir", run.toString(), "--hacp-home", home.toString(), "--subnet", "10.79.0"));
        args.addAll(List.of(extra));
        return hosts(args.toArray(String[]::new));
    }

    @Test
    void everyHostGetsItsAddressPortsCredentialsAndEnsemble() throws Exception {
        assertThat(layout("--session-timeout", "10s", "--jvm-option=-Dx=1")).isZero();

        List<NamespaceHost> hosts = NamespaceHost.read(run);
        assertThat(hosts)
                .extracting(NamespaceHost::name)
                .containsExactly("zk1", "zk2", "zk3", "jm1", "jm2", "jm3", "te1", "te2");
        NamespaceHost jm2 = hosts.get(4);
        assertThat(jm2).isEqualTo(new NamespaceHost("jm2", "10.79.0.22", Kind.JOB_MANAGER, "jobmanager-2", "hacp-jm2"));

        Config jobManager = ConfigFactory.parseFile(
                        jm2.confDir(run).resolve("jobmanager.conf").toFile())
                .resolve();
        assertThat(jobManager.getString("hacp.rpc.advertised-host")).isEqualTo("10.79.0.22");
        assertThat(jobManager.getInt("hacp.rpc.bind-port")).isEqualTo(6123);
        assertThat(jobManager.getString("hacp.ha.zookeeper.connect-string"))
                .isEqualTo("10.79.0.11:2281,10.79.0.12:2281,10.79.0.13:2281");
        assertThat(jobManager.getDuration("hacp.ha.zookeeper.session-timeout")).isEqualTo(Duration.ofSeconds(10));
        assertThat(Path.of(jobManager.getString("hacp.security.tls.certificate-file")))
                .isEqualTo(run.resolve("credentials/jm2.crt"))
                .exists();
        Config taskExecutor = ConfigFactory.parseFile(
                        hosts.get(6).confDir(run).resolve("taskexecutor.conf").toFile())
                .resolve();
        assertThat(taskExecutor.getInt("hacp.rpc.bind-port")).isEqualTo(6124);
        assertThat(taskExecutor.getString("hacp.cluster.status-bind-host")).isEqualTo("10.79.0.31");
        assertThat(jm2.confDir(run).resolve("logback.xml"))
                .as("the distribution's conf/ is copied")
                .exists();
        assertThat(Files.readString(jm2.confDir(run).resolve("hacp-env.sh"))).contains("-Dx=1");

        NamespaceHost zk3 = hosts.get(2);
        String zooCfg = Files.readString(zk3.confDir(run).resolve("zoo.cfg"));
        assertThat(zooCfg)
                .contains("tickTime=1000\n", "secureClientPortAddress=10.79.0.13\n", "server.2=10.79.0.12:2888:3888\n")
                .contains("dataDir=${HACP_STATE_DIR}/zookeeper/data\n");
        assertThat(Files.readString(zk3.confDir(run).resolve("hacp-env.sh")))
                .as("JVM options are the JobManagers' and TaskExecutors'")
                .doesNotContain("-Dx=1");
        assertThat(zk3.stateDir(run).resolve("zookeeper/data/myid")).hasContent("3");
        String digest =
                Files.readString(run.resolve("credentials/zookeeper.digest")).trim();
        assertThat(Files.readString(zk3.confDir(run).resolve("zookeeper-jaas.conf")))
                .contains("user_hacp=\"" + digest.substring("hacp:".length()) + "\"");
        for (Path secret : List.of(
                zk3.confDir(run).resolve("zookeeper-jaas.conf"),
                run.resolve("credentials/zk3.pem"),
                run.resolve("credentials/zookeeper.digest"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                    .as(secret.toString())
                    .isEqualTo("rw-------");
        }

        Config client = ConfigFactory.parseFile(run.resolve("client.conf").toFile());
        assertThat(client.getString("hacp.rpc.bind-host")).isEqualTo("10.79.0.1");
        assertThat(client.getString("hacp.security.tls.key-file")).endsWith("credentials/client.key");
    }

    @Test
    void bashReadsTheBridgeAndAQuotedDistributionPath() throws Exception {
        assertThat(layout("--prefix", "hx1")).isZero();
        CommandRun bash = CommandRun.run(
                List.of(
                        "bash",
                        "-c",
                        ". \"$1\" && printf '%s\\n' \"$BRIDGE\" \"$BRIDGE_ADDRESS\" \"$HACP_HOME\"",
                        "-",
                        run.resolve(HostsLayout.ENV_FILE).toString()),
                Duration.ofSeconds(10));
        assertThat(bash.exitCode()).isZero();
        assertThat(bash.output()).isEqualTo("hx1-br\n10.79.0.1/24\n" + home + "\n");
    }

    @Test
    void membersAreTheLastReadyLineOfEachStart() throws Exception {
        assertThat(layout()).isZero();
        assertThat(ClusterEnv.read(run).members()).as("before any start").isEmpty();
        List<NamespaceHost> hosts = NamespaceHost.read(run);
        Files.writeString(
                hosts.get(3).startOutput(run),
                "jobmanager-1 started (pid 41); log x\n  READY jobmanager-1 40 10.79.0.21:6123 https://10.79.0.21:8081/\n"
                        + "  READY jobmanager-1 41 10.79.0.21:6123 https://10.79.0.21:8081/\n");
        Files.writeString(hosts.get(4).startOutput(run), "hacp: jobmanager-2 exited during start\n");
        Files.writeString(hosts.get(6).startOutput(run), "  READY taskexecutor-1 77 10.79.0.31:6124\n");

        assertThat(hosts("members", "--run-dir", run.toString())).isZero();

        ClusterEnv env = ClusterEnv.read(run);
        assertThat(env.members())
                .containsExactly(
                        new ClusterEnv.Member("jobmanager-1", 41, "10.79.0.21:6123", "https://10.79.0.21:8081/"),
                        new ClusterEnv.Member("taskexecutor-1", 77, "10.79.0.31:6124", ""));
        assertThat(env.zooKeeper()).isEqualTo("10.79.0.11:2281,10.79.0.12:2281,10.79.0.13:2281");
        assertThat(env.clusterId()).isEqualTo(HostsLayout.CLUSTER_ID);
        assertThat(env.eventLogDirs())
                .containsExactlyElementsOf(hosts.stream()
                        .filter(h -> h.kind() != Kind.ZOOKEEPER)
                        .map(h -> h.logDir(run))
                        .toList());
    }

    @Test
    void aBadOptionIsExitTwoNamingItAndWritesNothing() throws Exception {
        for (String[] bad : List.of(
                new String[] {"--prefix", "Hacp"},
                new String[] {"--prefix", "toolongprefix"},
                new String[] {"--subnet", "10.79.300"},
                new String[] {"--session-timeout", "1500ms"},
                new String[] {"--session-timeout", "90s"},
                new String[] {"--session-timeout", "soon"},
                new String[] {"--jvm-option", "-Da=1 -Db=2"})) {
            PrintStream err = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = layout(bad);
            } finally {
                System.setErr(err);
            }
            assertThat(code).as(String.join(" ", bad)).isEqualTo(2);
            assertThat(captured.toString(StandardCharsets.UTF_8)).contains(bad[0]);
            try (Stream<Path> files = Files.list(run)) {
                assertThat(files).as("written for " + String.join(" ", bad)).isEmpty();
            }
        }
    }
}
