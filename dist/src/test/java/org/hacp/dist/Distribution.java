package org.hacp.dist;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The tarball the build made ({@code hacp.dist.tarball}), unpacked into a fresh directory outside
 * the repository, and {@code bin/hacp} run from there with a state directory of the test's own.
 */
final class Distribution {
    private final Path home;
    private final Path stateDir;

    private Distribution(Path home, Path stateDir) {
        this.home = home;
        this.stateDir = stateDir;
    }

    /** Unpacks the tarball into {@code parent} (a temporary directory, never inside the repository). */
    static Distribution unpack(Path parent) throws IOException, InterruptedException {
        Path tarball = Path.of(System.getProperty("hacp.dist.tarball", "target/hacp.tar.gz"));
        if (!Files.isRegularFile(tarball)) {
            throw new IllegalStateException("no tarball at " + tarball + ": run `mvn package` first");
        }
        Command.run(parent, Map.of(), Duration.ofMinutes(1), List.of("tar", "xzf", tarball.toString()))
                .ok("tar xzf " + tarball);
        try (var entries = Files.list(parent)) {
            Path home = entries.filter(p -> p.getFileName().toString().startsWith("hacp-"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(tarball + " holds no hacp-VERSION directory"));
            return new Distribution(home, parent.resolve("state"));
        }
    }

    Path home() {
        return home;
    }

    Path conf() {
        return home.resolve("conf");
    }

    Path stateDir() {
        return stateDir;
    }

    /** {@code bin/hacp args...}, with this distribution's state directory. */
    Command hacp(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home.resolve("bin").resolve("hacp").toString());
        command.addAll(List.of(args));
        return Command.run(home, Map.of("HACP_STATE_DIR", stateDir.toString()), Duration.ofMinutes(2), command);
    }

    /** The pid in {@code <state>/run/<id>.pid}. */
    long pid(String id) throws IOException {
        return Long.parseLong(
                Files.readString(stateDir.resolve("run").resolve(id + ".pid")).trim());
    }
}
