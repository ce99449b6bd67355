package org.hacp.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RpcConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        RpcConfig config = RpcConfig.defaults();
        assertThat(config.systemName()).isEqualTo("hacp");
        assertThat(config.askTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.maxFrameSize()).isEqualTo(1024 * 1024);
        assertThat(config.bindHost()).isEqualTo("127.0.0.1");
        assertThat(config.bindPorts().anyFree()).isTrue();
        assertThat(config.advertisedPorts()).as("the port bound").isNull();
        assertThat(config.forceSerialization()).isFalse();
        assertThat(config.connectMaxAttempts()).isEqualTo(3);
        assertThat(config.shutdownFlushTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void userValuesOverrideDefaults() {
        RpcConfig config = RpcConfig.from(ConfigReader.parse(
                "hacp.rpc { ask-timeout = 250ms, max-frame-size = 2MiB, bind-host = \"0.0.0.0\", bind-port = 6123 }"));
        assertThat(config.askTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(config.maxFrameSize()).isEqualTo(2 * 1024 * 1024);
        assertThat(config.bindHost()).isEqualTo("0.0.0.0");
        assertThat(config.advertisedHost()).isEqualTo("127.0.0.1");
        assertThat(config.bindPorts().candidates()).containsExactly(6123);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "hacp.rpc.ask-timeout = 0s           | hacp.rpc.ask-timeout = 0ms is out of range: allowed 1ms .. 1h",
                "hacp.rpc.ask-timeout = soon         | hacp.rpc.ask-timeout: expected a duration",
                "hacp.rpc.max-frame-size = 1KiB      | hacp.rpc.max-frame-size = 1024 bytes is out of range: allowed 4096 .. 67108864 bytes",
                "hacp.rpc.bind-port = 70000          | hacp.rpc.bind-port = '70000': '70000' is not a range of ports",
                "hacp.rpc.bind-port = \"9-3\"        | hacp.rpc.bind-port = '9-3': '9-3' is not a range of ports",
                "hacp.rpc.bind-port = \"0,6123\"     | hacp.rpc.bind-port = '0,6123': 0 (any free port) cannot be part",
                "hacp.rpc.bind-port = \"61x\"        | hacp.rpc.bind-port = '61x': '61x' is not a port or a range A-B",
                "hacp.rpc.advertised-port = -5       | hacp.rpc.advertised-port = '-5': '-5' is not a port or a range",
                "hacp.rpc { advertised-port = \"7000-7010\", bind-port = 6123 } | bind-port must be 0 (the port bound is then the one advertised), not 6123",
                "hacp.rpc.dispatcher-throughput = 0  | hacp.rpc.dispatcher-throughput = 0 is out of range: allowed 1 .. 1000",
                "hacp.rpc.connect.max-attempts = 0   | hacp.rpc.connect.max-attempts = 0 is out of range: allowed 1 .. 100",
                "hacp.rpc.force-serialization = 3    | hacp.rpc.force-serialization: expected true or false",
                "hacp.rpc.system-name = \"a b\"      | hacp.rpc.system-name = 'a b' is not allowed",
                "hacp.rpc.shutdown-flush-timeout = 11s | hacp.rpc.shutdown-flush-timeout = 11s is out of range: allowed 0ms .. 10s",
            })
    void badValuesFailNamingTheKeyAndTheAllowedRange(String hocon, String expected) {
        assertThatThrownBy(() -> RpcConfig.from(ConfigReader.parse(hocon)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(expected);
    }

    @Test
    void invalidHoconIsReportedAsSuch() {
        assertThatThrownBy(() -> ConfigReader.parse("hacp.rpc { ask-timeout = "))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid HOCON");
    }
}
