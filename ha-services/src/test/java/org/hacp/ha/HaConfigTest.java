package org.hacp.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import org.hacp.leader.zookeeper.takeover.FastTakeoverSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 13, items 4 and 8: paths that leave the root are refused; the digest password is never printed. */
class HaConfigTest {
    @ParameterizedTest
    @ValueSource(strings = {"/..", "/hacp/..", "/./x", "hacp", "/hacp/", "/a b"})
    void aRootThatIsNotAPlainAbsolutePathIsRefusedNamingTheKey(String root) {
        assertThatThrownBy(() -> HaConfig.from(ConfigReader.parse("hacp.ha.zookeeper.root = \"" + root + "\"")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("hacp.ha.zookeeper.root = '" + root + "' is not allowed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"confirm-probes = 0", "confirm-probes = 21", "probe-interval = 11s", "enabled = maybe"})
    void aBadFastTakeoverSettingIsRefusedNamingTheKey(String setting) {
        String key = "hacp.ha.fast-takeover." + setting.substring(0, setting.indexOf(' '));
        assertThatThrownBy(() -> HaConfig.from(ConfigReader.parse("hacp.ha.fast-takeover." + setting)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(key);
    }

    @Test
    void fastTakeoverIsOnByDefault() {
        assertThat(HaConfig.defaults().fastTakeover()).isEqualTo(FastTakeoverSettings.defaults());
    }

    @Test
    void dotsInsideANameAreFine() {
        assertThat(HaConfig.from(ConfigReader.parse("hacp.ha.zookeeper.root = /hacp..v2/a.b"))
                        .root())
                .isEqualTo("/hacp..v2/a.b");
    }

    @Test
    void theDigestComesFromAFileOrTheEnvironmentAndIsNeverInAnError(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("digest"), "ops:from-file\n");
        HaConfig fromFile = HaConfig.from(ConfigReader.parse("hacp.ha.zookeeper.auth-digest-file = \"" + file + "\""));
        assertThat(fromFile.authDigest()).isEqualTo("ops:from-file");
        assertThat(fromFile.toString()).doesNotContain("from-file");
        String path = System.getenv("PATH"); // set in every test environment, and it has a ':'
        HaConfig fromEnv = HaConfig.from(ConfigReader.parse("hacp.ha.zookeeper.auth-digest-env = PATH"));
        assertThat(fromEnv.authDigest()).isEqualTo(path.trim());
        assertThatThrownBy(() -> HaConfig.from(ConfigReader.parse(
                        "hacp.ha.zookeeper { auth-digest = \"a:b\", " + "auth-digest-file = \"" + file + "\" }")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("set at most one")
                .hasMessageNotContaining("a:b");
        Path missing = dir.resolve("missing");
        assertThatThrownBy(() ->
                        HaConfig.from(ConfigReader.parse("hacp.ha.zookeeper.auth-digest-file = \"" + missing + "\"")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("hacp.ha.zookeeper.auth-digest-file = '" + missing + "': cannot read it");
        assertThatThrownBy(
                        () -> HaConfig.from(ConfigReader.parse("hacp.ha.zookeeper.auth-digest-env = HACP_NO_SUCH_VAR")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("HACP_NO_SUCH_VAR");
    }

    /** Issue 12, item 3: no credentials, no ZooKeeper on another host (unless insecurity is asked for). */
    @Test
    void aZooKeeperOnAnotherHostNeedsCredentialsOrAnExplicitInsecureSwitch() {
        assertThatThrownBy(() ->
                        HaConfig.from(ConfigReader.parse("hacp.ha.zookeeper.connect-string = \"zk.example:2181\"")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not on this host")
                .hasMessageContaining("hacp.security.allow-insecure");
        assertThat(HaConfig.from(ConfigReader.parse(
                                "hacp.ha.zookeeper { connect-string = \"zk.example:2181\", auth-digest = \"ops:pw\" }"))
                        .connectString())
                .isEqualTo("zk.example:2181");
        assertThat(HaConfig.from(
                                ConfigReader.parse(
                                        "hacp { ha.zookeeper.connect-string = \"zk.example:2181\", security.allow-insecure = true }"))
                        .allowInsecure())
                .isTrue();
        for (String local : List.of("", "127.0.0.1:2181,localhost:2182/hacp", "[::1]:2181", "127.0.1.1:2181")) {
            assertThat(HaConfig.onThisHost(local)).as(local).isTrue();
        }
        assertThat(HaConfig.onThisHost("127.0.0.1:2181,zk2.example:2181")).isFalse();
    }

    @Test
    void theDigestPasswordIsNeverPrinted() {
        HaConfig config = HaConfig.from(ConfigReader.parse("hacp.ha.zookeeper.auth-digest = \"ops:s3cret-pw\""));
        assertThat(config.toString()).contains("authDigest=ops:******").doesNotContain("s3cret-pw");
    }
}
