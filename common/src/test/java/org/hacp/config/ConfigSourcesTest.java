package org.hacp.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 13, item 4: a bad config file or override is an error naming it; values never become settings. */
class ConfigSourcesTest {
    @TempDir
    Path dir;

    @Test
    void aMissingConfigFileIsAnErrorNamingIt() {
        Path missing = dir.resolve("hacp.conf");
        assertThatThrownBy(() -> ConfigSources.file(missing))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config file " + missing + " does not exist or is not a regular file");
    }

    @Test
    void aMalformedConfigFileIsAnErrorNamingTheFileAndLine() throws Exception {
        Path file = Files.writeString(dir.resolve("hacp.conf"), "hacp.rpc {\n  ask-timeout = 5s\n  bind-port = [\n");
        assertThatThrownBy(() -> ConfigSources.file(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config file " + file + " is not valid HOCON:")
                .hasMessageContaining("hacp.conf: 4:");
    }

    @Test
    void aGoodFileIsRead() throws Exception {
        Path file = Files.writeString(dir.resolve("hacp.conf"), "hacp.rpc.ask-timeout = 7s\n");
        assertThat(ConfigReader.of(ConfigSources.file(file)).config().getString("hacp.rpc.ask-timeout"))
                .isEqualTo("7s");
    }

    @Test
    void anOverrideValueIsAValueNeverMoreSettings() {
        Config c = ConfigSources.overrides(
                List.of("hacp.rpc.advertised-host=x\", pekko.actor.allow-java-serialization = on, y = \""));
        assertThat(c.getString("hacp.rpc.advertised-host"))
                .isEqualTo("x\", pekko.actor.allow-java-serialization = on, y = \"");
        assertThat(c.hasPath("pekko.actor.allow-java-serialization")).isFalse();
    }

    @Test
    void anOverrideWhoseKeyIsNotAKeyIsRefused() {
        for (String bad : List.of("pekko.actor\" = on, x\"=1", "a b=1", "${x}=1", "=1", "hacp..rpc=1")) {
            assertThatThrownBy(() -> ConfigSources.overrides(List.of(bad)))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("'" + bad + "' is not key=value");
        }
        assertThatThrownBy(() -> ConfigSources.overrides(List.of("no-equals-sign")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'no-equals-sign' is not key=value");
    }

    @Test
    void aDurationOptionIsParsedAsAValue() {
        assertThat(ConfigReader.parseDuration("250ms", "--timeout").toMillis()).isEqualTo(250);
        assertThatThrownBy(() -> ConfigReader.parseDuration("1s\nx = ${y}", "--timeout"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--timeout");
    }
}
