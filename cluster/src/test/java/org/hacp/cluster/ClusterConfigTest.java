package org.hacp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import org.junit.jupiter.api.Test;

/** The cluster settings: documented defaults, and bad values named by key at start-up. */
class ClusterConfigTest {

    @Test
    void defaultsComeFromReferenceConf() {
        ClusterConfig c = ClusterConfig.from(ConfigReader.defaults());
        assertThat(c.heartbeatInterval()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.heartbeatTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(c.taskExecutorTiming().maxBackoff()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.statusPorts().anyFree()).isTrue();
        assertThat(c.statusBindHost()).as("issue 12: loopback unless asked").isEqualTo("127.0.0.1");
    }

    @Test
    void badValuesNameTheKeyAndTheAllowedRange() {
        assertThatThrownBy(() -> ClusterConfig.from(ConfigReader.parse("hacp.cluster.heartbeat-timeout = 20m")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("hacp.cluster.heartbeat-timeout");
        assertThatThrownBy(() -> ClusterConfig.from(ConfigReader.parse("hacp.cluster.status-port = 70000")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("hacp.cluster.status-port");
        assertThatThrownBy(() -> ClusterConfig.from(
                        ConfigReader.parse("hacp.cluster { heartbeat-interval = 5s, heartbeat-timeout = 1s }")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("must be shorter than hacp.cluster.heartbeat-timeout");
        assertThatThrownBy(
                        () -> ClusterConfig.from(ConfigReader.parse("hacp.cluster.registration.initial-backoff = 10s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("registration.initial-backoff");
    }
}
