package org.hacp.dist;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one command to its end and keeps what it printed (stdout and stderr together). */
record Command(int exitCode, String output) {

    /** Runs {@code command} in {@code dir} with {@code env} added to this process's environment. */
    static Command run(Path dir, Map<String, String> env, Duration timeout, List<String> command)
            throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process = builder.start();
        // Read on another thread: a command that prints much would block on a full pipe otherwise.
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try {
                out.append(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                out.append("(output unreadable: ").append(e).append(')');
            }
        });
        reader.start();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            reader.join(5000);
            throw new IllegalStateException(
                    String.join(" ", command) + " did not end within " + timeout + "; it printed:\n" + out);
        }
        reader.join(5000);
        return new Command(process.exitValue(), out.toString());
    }

    /** This result, or a failure naming the command and its output when it did not exit 0. */
    Command ok(String what) {
        if (exitCode != 0) {
            throw new AssertionError(what + " exited " + exitCode + ":\n" + output);
        }
        return this;
    }
}
