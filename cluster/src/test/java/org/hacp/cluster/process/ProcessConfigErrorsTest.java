package org.hacp.cluster.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.hacp.config.ConfigReader;
import org.hacp.ha.ClusterVersion;
import org.hacp.ha.HaConfig;
import org.hacp.ha.zookeeper.EmbeddedZooKeeper;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.protocol.ProtocolRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 4: a process given a missing or malformed config file, or a bad value, stops
 * before it starts anything, with one line naming what is wrong and exit code 2 (a missing file
 * was once ignored and the process led a private cluster of its own).
 */
class ProcessConfigErrorsTest {
    @TempDir
    Path dir;

    private record Outcome(int exitCode, String stderr) {}

    private static Outcome run(String... args) {
        PrintStream saved = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = ClusterProcessMain.execute(new JobManagerProcess(), args);
            return new Outcome(code, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(saved);
        }
    }

    @Test
    void aMissingConfigFileStopsTheProcessNamingTheFile() {
        Path missing = dir.resolve("nowhere.conf");
        Outcome o = run("--id", "jm-1", "--config", missing.toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.stderr())
                .contains("jobmanager: configuration error: config file " + missing + " does not exist")
                .doesNotContain("\tat ");
    }

    @Test
    void aMalformedConfigFileStopsTheProcessNamingTheFileAndLine() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.conf"), "hacp {\n  rpc.ask-timeout = 5s\n  ha = [\n");
        Outcome o = run("--id", "jm-1", "--config", file.toString());
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.stderr())
                .contains("config file " + file + " is not valid HOCON")
                .doesNotContain("\tat ");
    }

    /**
     * Issue 31: after a finalize, a release that does not speak the cluster's version refuses to
     * join, naming both, and leaves no member card behind.
     */
    @Test
    @Timeout(60) // without the check the process would start and serve: it never returns
    void aReleaseThatDoesNotSpeakTheFinalizedVersionRefusesToJoin() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(null, 0, Duration.ofSeconds(2));
                ZooKeeperHaServices operator = ZooKeeperHaServices.start(
                        HaConfig.from(
                                ConfigReader.parse("hacp.ha { cluster-id = upgraded, zookeeper.connect-string = \""
                                        + zk.connectString() + "\" }")),
                        "hactl",
                        error -> {})) {
            int beyond = ProtocolRange.CURRENT.max() + 1;
            operator.clusterVersions()
                    .finalizeTo(
                            new ClusterVersion(beyond),
                            operator.clusterVersions().read());

            Outcome o = run(
                    "--id",
                    "jm-1",
                    "-D",
                    "hacp.ha.zookeeper.connect-string=" + zk.connectString(),
                    "-D",
                    "hacp.ha.cluster-id=upgraded");
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.stderr())
                    .contains("jobmanager: cannot join the cluster: the cluster was finalized at protocol version "
                            + beyond + " and this release speaks " + ProtocolRange.CURRENT)
                    .doesNotContain("\tat ");
            assertThat(operator.members().list()).isEmpty();
        }
    }

    @Test
    void aBadValueStopsTheProcessNamingTheKey() {
        Outcome o = run("--id", "jm-1", "-D", "hacp.ha.zookeeper.root=/..");
        assertThat(o.exitCode()).isEqualTo(2);
        assertThat(o.stderr()).contains("hacp.ha.zookeeper.root = '/..' is not allowed");
    }
}
