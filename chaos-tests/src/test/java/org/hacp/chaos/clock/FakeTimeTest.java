package org.hacp.chaos.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control file libfaketime reads: whole seconds with a sign, replaced whole. */
class FakeTimeTest {
    @TempDir
    Path dir;

    @Test
    void offsetsAreWholeSecondsWithASign() {
        assertThat(FakeTime.spec(Duration.ofMinutes(-10))).isEqualTo("-600");
        assertThat(FakeTime.spec(Duration.ofHours(1))).isEqualTo("+3600");
        assertThat(FakeTime.spec(Duration.ZERO)).isEqualTo("+0");
    }

    @Test
    void aNewProcessStartsAtOffsetZeroAndARestartedOneKeepsItsSkew() throws Exception {
        Path control = dir.resolve("jm-1.faketime");
        FakeTime.environment(Path.of("/lib/faketime.so"), control);
        assertThat(Files.readString(control, StandardCharsets.UTF_8)).isEqualTo("+0\n");
        FakeTime.set(control, Duration.ofMinutes(-10));
        FakeTime.environment(Path.of("/lib/faketime.so"), control);
        assertThat(Files.readString(control, StandardCharsets.UTF_8)).isEqualTo("-600\n");
        assertThat(dir).isDirectoryNotContaining("glob:**.next");
    }
}
