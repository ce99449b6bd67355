package org.hacp.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class CommandRunTest {
    @Test
    void aCommandThatKeepsItsOutputOpenPastTheTimeoutIsKilledAndNamed() {
        long start = System.nanoTime();
        // Prints, then holds its output open: a reader that reads to the end before waiting never times out.
        assertThatThrownBy(() ->
                        CommandRun.run(List.of("sh", "-c", "echo started; exec sleep 60"), Duration.ofMillis(500)))
                .isInstanceOf(TimeoutException.class)
                .hasMessageContaining("sh -c echo started; exec sleep 60 did not end within 500 ms")
                .hasMessageContaining("started");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void inputGoesInAndExitCodeAndAMegabyteOfOutputComeBack() throws Exception {
        CommandRun echo = CommandRun.run(
                List.of("sh", "-c", "cat; exit 3"),
                null,
                Map.of(),
                "hello".getBytes(StandardCharsets.UTF_8),
                Duration.ofSeconds(30));
        assertThat(echo).isEqualTo(new CommandRun(3, "hello"));

        CommandRun big = CommandRun.run(List.of("head", "-c", "1048576", "/dev/zero"), Duration.ofSeconds(30));
        assertThat(big.exitCode()).isZero();
        assertThat(big.output()).hasSize(1 << 20);
    }
}
