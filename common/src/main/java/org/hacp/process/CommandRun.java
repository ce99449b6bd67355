package org.hacp.process;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.hacp.threads.DaemonThreads;

/**
 * One external command run to its end within a timeout, with what it printed (stdout and stderr
 * together). Its output is read on a thread of its own while this waits, so the timeout holds even
 * when the command never closes its output, and a command that prints much never blocks on a full
 * pipe (issue 29: three callers read to the end before waiting, so their timeouts could not fire).
 *
 * @param exitCode the command's exit code
 * @param output what it printed
 */
public record CommandRun(int exitCode, String output) {
    /** How long the output may take to end after the command exited (a child that keeps it open). */
    private static final long OUTPUT_GRACE_MILLIS = 5_000;

    /** Runs {@code command} with no input in the current directory and environment. */
    public static CommandRun run(List<String> command, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        return run(command, null, Map.of(), null, timeout);
    }

    /**
     * Runs {@code command} in {@code dir} (null: the current directory) with {@code env} added to
     * this process's environment and {@code input} (null: none) on its standard input.
     *
     * @throws TimeoutException naming the command and what it printed when it did not end within
     *     {@code timeout}; it and its descendants are killed
     */
    public static CommandRun run(
            List<String> command, Path dir, Map<String, String> env, byte[] input, Duration timeout)
            throws IOException, InterruptedException, TimeoutException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            builder.directory(dir.toFile());
        }
        builder.environment().putAll(env);
        Process process = builder.start();
        CompletableFuture<String> output = new CompletableFuture<>();
        DaemonThreads.start("command-output", () -> {
            try {
                output.complete(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                output.complete("(output unreadable: " + e + ")");
            }
        });
        try (OutputStream stdin = process.getOutputStream()) {
            if (input != null) {
                stdin.write(input);
            }
        }
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            throw new TimeoutException(String.join(" ", command) + " did not end within " + timeout.toMillis()
                    + " ms; it printed:\n" + printed(output));
        }
        return new CommandRun(process.exitValue(), printed(output));
    }

    private static String printed(CompletableFuture<String> output) throws InterruptedException {
        try {
            return output.get(OUTPUT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return "(output still open " + OUTPUT_GRACE_MILLIS + " ms after the command ended)";
        }
    }
}
