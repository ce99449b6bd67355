package org.hacp.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import org.junit.jupiter.api.Test;
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

    @Test
    void dotsInsideANameAreFine() {
        assertThat(HaConfig.from(ConfigReader.parse("hacp.ha.zookeeper.root = /hacp..v2/a.b"))
                        .root())
                .isEqualTo("/hacp..v2/a.b");
    }

    @Test
    void theDigestPasswordIsNeverPrinted() {
        HaConfig config = HaConfig.from(ConfigReader.parse("hacp.ha.zookeeper.auth-digest = \"ops:s3cret-pw\""));
        assertThat(config.toString()).contains("authDigest=ops:******").doesNotContain("s3cret-pw");
    }
}
