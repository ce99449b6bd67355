package org.hacp.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.hacp.net.FreePorts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball, unpacked outside the repository, runs a secure cluster with {@code bin/hacp} alone
 * (issue 14): a ZooKeeper server, two JobManagers and a TaskExecutor on loopback, mutual TLS with
 * certificates from {@code bin/hacp ca}, creator-only znodes; a job survives kill -9 of the leader
 * and finishes once; stop leaves no process.
 */
class DistributionIT {
    private static final Pattern LEADER = Pattern.compile("dispatcher\\s+leader pekko://hacp@127\\.0\\.0\\.1:(\\d+)/");
    private static final Pattern JOB_ID = Pattern.compile("^(dist-[0-9a-f]+)$", Pattern.MULTILINE);

    @TempDir
    Path parent;

    private Distribution dist;

    @BeforeEach
    void unpack() throws Exception {
        dist = Distribution.unpack(parent);
    }

    @AfterEach
    void leaveNothingRunning() {
        DistProcesses.killAll(dist.home());
    }

    @Test
    void helpListsRolesAndActionsAndBadInputIsNamed() throws Exception {
        String help = dist.hacp("--help").ok("bin/hacp --help").output();
        assertThat(help)
                .contains("jobmanager", "taskexecutor", "zookeeper", "hactl")
                .contains("start-foreground", "stop", "status")
                .contains("HACP_STATE_DIR");
        assertThat(dist.hacp("jobmanager", "restart").output()).contains("unknown action 'restart'");
        assertThat(dist.hacp("scheduler", "start").exitCode()).isEqualTo(2);
        assertThat(dist.hacp("jobmanager", "start", "--id", "../x").output()).contains("--id '../x'");
        Command status = dist.hacp("jobmanager", "status", "--id", "jobmanager-9");
        assertThat(status.exitCode()).isEqualTo(3);
        assertThat(status.output()).contains("jobmanager-9 not running");
    }

    @Test
    void runsASecureClusterThroughAFailoverAndStopsClean() throws Exception {
        int zkPort = FreePorts.loopback();
        int[] rpcPorts = {FreePorts.loopback(), FreePorts.loopback()};
        configure(zkPort);

        dist.hacp("zookeeper", "start", "--id", "zookeeper-1").ok("zookeeper start");
        for (int i = 0; i < 2; i++) {
            dist.hacp("jobmanager", "start", "--id", "jobmanager-" + (i + 1), "-D", "hacp.rpc.bind-port=" + rpcPorts[i])
                    .ok("jobmanager start");
        }
        dist.hacp("taskexecutor", "start", "--id", "taskexecutor-1", "--", "--slots", "4")
                .ok("taskexecutor start");
        assertThat(dist.hacp("jobmanager", "start", "--id", "jobmanager-1").output())
                .contains("already running");

        String status = dist.hacp("hactl", "status").ok("hactl status").output();
        assertThat(status).contains("jobmanager-1", "jobmanager-2", "taskexecutor-1");
        String job = matched(
                JOB_ID,
                dist.hacp("hactl", "submit", "--name", "dist", "--tasks", "2", "--ticks", "40", "--tick-ms", "100")
                        .ok("hactl submit")
                        .output());

        String leader = "jobmanager-" + (Integer.parseInt(matched(LEADER, status)) == rpcPorts[0] ? 1 : 2);
        ProcessHandle.of(dist.pid(leader)).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> dist.hacp("hactl", "jobs").output().matches("(?s).*" + job + "\\s.*finished.*"));
        assertThat(dist.hacp("hactl", "status")
                        .ok("hactl status after failover")
                        .output())
                .doesNotContain("participants     [" + leader);
        assertThat(dist.hacp("jobmanager", "status", "--id", leader).exitCode())
                .as("status of the killed leader")
                .isEqualTo(3);
        assertThat(finishedEvents(job)).as("job-finished events of " + job).isEqualTo(1);

        for (String id : List.of("taskexecutor-1", "jobmanager-1", "jobmanager-2")) {
            String role = id.substring(0, id.indexOf('-'));
            dist.hacp(role, "stop", "--id", id).ok(role + " stop " + id);
        }
        dist.hacp("zookeeper", "stop", "--id", "zookeeper-1").ok("zookeeper stop");
        assertThat(DistProcesses.running(dist.home()))
                .as("processes left running")
                .isEmpty();
        assertThat(dist.stateDir().resolve("run")).isEmptyDirectory();
    }

    /**
     * The systemd units in deploy/systemd, pointed at this unpacked distribution, pass
     * {@code systemd-analyze verify} without a word (it exits 0 on unknown keys and bad values,
     * printing them). Unchecked, and reported as skipped, where the command does not exist.
     */
    @Test
    void systemdUnitsVerify() throws Exception {
        Command which = Command.run(
                parent, Map.of(), Duration.ofSeconds(10), List.of("sh", "-c", "command -v systemd-analyze"));
        assumeTrue(which.exitCode() == 0, "systemd-analyze is not installed: the systemd units are unchecked");
        Path units = Files.createDirectories(parent.resolve("units"));
        List<String> command = new ArrayList<>(List.of("systemd-analyze", "verify"));
        try (Stream<Path> files = Files.list(dist.home().resolve("deploy").resolve("systemd"))) {
            for (Path unit : files.sorted().toList()) {
                // Templates are verified as an instance of themselves.
                String name = unit.getFileName().toString().replace("@.", "@1.");
                Files.writeString(
                        units.resolve(name),
                        Files.readString(unit).replace("/opt/hacp", dist.home().toString()));
                command.add(units.resolve(name).toString());
            }
        }
        assertThat(command).hasSizeGreaterThanOrEqualTo(6);
        Command verify = Command.run(units, Map.of(), Duration.ofMinutes(1), command);
        assertThat(verify.output()).as("systemd-analyze verify said").isEmpty();
        assertThat(verify.exitCode()).isZero();
    }

    /**
     * conf/ for this test: ZooKeeper on a free loopback port, a cluster CA and this host's
     * certificate from {@code bin/hacp ca}, a ZooKeeper digest only the owner can read.
     */
    private void configure(int zkPort) throws IOException, InterruptedException {
        Path conf = dist.conf();
        dist.hacp("ca", "--dir", conf.resolve("tls").toString(), "host").ok("bin/hacp ca");
        Path digest = conf.resolve("zookeeper.digest");
        Files.createFile(digest, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        byte[] password = new byte[24];
        new SecureRandom().nextBytes(password);
        Files.writeString(digest, "hacp:" + HexFormat.of().formatHex(password) + "\n");

        Map<String, Object> values = new LinkedHashMap<>();
        values.put("hacp.ha.cluster-id", "dist-test");
        values.put("hacp.ha.zookeeper.connect-string", "127.0.0.1:" + zkPort);
        values.put("hacp.ha.zookeeper.session-timeout", "4s");
        values.put("hacp.ha.zookeeper.auth-digest-file", digest.toString());
        values.put("hacp.rpc.advertised-host", "127.0.0.1");
        values.put("hacp.cluster.heartbeat-interval", "200ms");
        values.put("hacp.cluster.heartbeat-timeout", "2s");
        values.put("hacp.cluster.status-tls", true);
        values.put("hacp.security.tls.enabled", true);
        values.put(
                "hacp.security.tls.certificate-file",
                conf.resolve("tls/host.crt").toString());
        values.put("hacp.security.tls.key-file", conf.resolve("tls/host.key").toString());
        values.put("hacp.security.tls.ca-file", conf.resolve("tls/ca.crt").toString());
        Files.writeString(
                conf.resolve("hacp.conf"),
                ConfigFactory.parseMap(values)
                        .root()
                        .render(ConfigRenderOptions.defaults().setOriginComments(false)));
        // Two JobManagers on one host: each gets its RPC port on the command line, the status page a free one.
        Files.writeString(conf.resolve("jobmanager.conf"), "include \"hacp.conf\"\nhacp.cluster.status-port = 0\n");
        Path zooCfg = conf.resolve("zoo.cfg");
        Files.writeString(zooCfg, Files.readString(zooCfg).replace("clientPort=2181", "clientPort=" + zkPort));
    }

    private long finishedEvents(String job) throws IOException {
        try (Stream<Path> logs = Files.list(dist.stateDir().resolve("log"))) {
            long count = 0;
            for (Path log :
                    logs.filter(p -> p.toString().endsWith(".events.jsonl")).toList()) {
                count += Files.readAllLines(log).stream()
                        .filter(l -> l.contains("\"type\":\"job-finished\"") && l.contains("\"job\":\"" + job + "\""))
                        .count();
            }
            return count;
        }
    }

    private static String matched(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        if (!m.find()) {
            throw new AssertionError("no match for " + pattern + " in:\n" + text);
        }
        return m.group(1);
    }
}
