package org.hacp.rpc.pekko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.Config;
import java.util.List;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import org.hacp.config.ConfigSources;
import org.hacp.rpc.RpcConfig;
import org.junit.jupiter.api.Test;

/** Issue 13, item 4: operator values reach Pekko's configuration as values, never as HOCON text. */
class PekkoSystemConfigTest {
    private static final String CRAFTED = "127.0.0.1\"\n  allow-java-serialization = on\n  x = \"";

    @Test
    void aCraftedHostIsRefusedNamingTheKey() {
        assertThatThrownBy(() -> RpcConfig.from(
                        ConfigReader.of(ConfigSources.overrides(List.of("hacp.rpc.advertised-host=" + CRAFTED)))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("hacp.rpc.advertised-host")
                .hasMessageContaining("is not a host name or IP address");
    }

    @Test
    void javaSerializationStaysOffAndHostsAreTakenLiterally() {
        RpcConfig config = RpcConfig.from(ConfigReader.of(ConfigSources.overrides(
                List.of("hacp.rpc.advertised-host=node-1.example", "hacp.rpc.bind-host=0.0.0.0"))));
        Config pekko = PekkoSystemConfig.of(config, true, 0, -1);
        assertThat(pekko.getBoolean("pekko.actor.allow-java-serialization")).isFalse();
        assertThat(pekko.getString("pekko.remote.artery.canonical.hostname")).isEqualTo("node-1.example");
        assertThat(pekko.getString("pekko.remote.artery.bind.hostname")).isEqualTo("0.0.0.0");
        assertThat(pekko.getString("pekko.actor.provider")).isEqualTo("remote");
        assertThat(pekko.getDuration("pekko.remote.artery.advanced.shutdown-flush-timeout"))
                .as("hacp.rpc.shutdown-flush-timeout")
                .isEqualTo(config.shutdownFlushTimeout());
    }
}
