package org.hacp.chaos.clock;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A wall clock of its own for one process, with Debian's libfaketime preloaded (issue 33): the
 * process reads its offset from a control file of its own, again within a second of a change, so
 * a nemesis can skew it by minutes and make it jump forward and back while it runs. Only the wall
 * clock moves ({@code System.currentTimeMillis}, {@code Instant.now}); the monotonic clock
 * ({@code System.nanoTime}, every timeout and lease of the project) and the machine's clock do not.
 * Thread-safe: {@link #set} replaces the file atomically.
 */
public final class FakeTime {
    /** Names the library when it is not where Debian's package puts it. */
    public static final String LIBRARY_VARIABLE = "HACP_LIBFAKETIME";

    /**
     * Not the MT variant: it serializes every clock read behind one mutex, which cost a JVM 8 us per
     * {@code System.nanoTime} or {@code currentTimeMillis} (33 s for 4 million calls against 1.2 s
     * without libfaketime and 2.6-5 s with this one; measured here).
     * A constant offset needs no lock: each thread adds it on its own.
     */
    private static final List<Path> DEBIAN_PATHS = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
            Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"));

    private FakeTime() {}

    /** libfaketime, if this machine has it. */
    public static Optional<Path> library() {
        String named = System.getenv(LIBRARY_VARIABLE);
        if (named != null && !named.isBlank()) {
            return Optional.of(Path.of(named)).filter(Files::isReadable);
        }
        return DEBIAN_PATHS.stream().filter(Files::isReadable).findFirst();
    }

    /**
     * libfaketime.
     *
     * @throws IllegalStateException naming the package to install when it is missing
     */
    public static Path requireLibrary() {
        return library()
                .orElseThrow(() -> new IllegalStateException("clock faults need libfaketime: apt-get install"
                        + " libfaketime (Debian's package), or name the library in " + LIBRARY_VARIABLE));
    }

    /**
     * The environment of a process whose wall clock follows {@code control}; the file is created at
     * offset zero if it does not exist (a restarted process keeps its host's skew).
     */
    public static Map<String, String> environment(Path library, Path control) throws IOException {
        if (!Files.exists(control)) {
            set(control, Duration.ZERO);
        }
        return Map.of(
                "LD_PRELOAD", library.toString(),
                "FAKETIME_TIMESTAMP_FILE", control.toString(),
                // Re-read the file every second (the default is every 10 s).
                "FAKETIME_CACHE_DURATION", "1",
                // Both spellings: libfaketime renamed the variable in 0.9.10.
                "FAKETIME_DONT_FAKE_MONOTONIC", "1",
                "DONT_FAKE_MONOTONIC", "1",
                // Debian's build turns the "monotonic fix" on for this glibc, and then a JVM's timed
                // waits (parkNanos, Object.wait) return at once and spin: 11.4 s of CPU in 5 s of a few
                // scheduled tasks, against 0.23 s with the fix off (measured here); chaos processes
                // did not start within a minute.
                "FAKETIME_FORCE_MONOTONIC_FIX", "0");
    }

    /** Moves the wall clock of the processes following {@code control} to the machine's plus {@code offset}. */
    public static void set(Path control, Duration offset) throws IOException {
        Path next = control.resolveSibling(control.getFileName() + ".next");
        Files.writeString(next, spec(offset) + "\n", StandardCharsets.UTF_8);
        Files.move(next, control, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** libfaketime's relative offset in whole seconds, e.g. {@code -600}. */
    static String spec(Duration offset) {
        long seconds = offset.toSeconds();
        return (seconds < 0 ? "-" : "+") + Math.abs(seconds);
    }
}
