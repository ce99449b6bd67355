package org.hacp.dist;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.hacp.process.CommandRun;

/** Runs one command to its end and keeps what it printed (stdout and stderr together). */
record Command(int exitCode, String output) {

    /** Runs {@code command} in {@code dir} with {@code env} added to this process's environment. */
    static Command run(Path dir, Map<String, String> env, Duration timeout, List<String> command)
            throws IOException, InterruptedException {
        try {
            CommandRun run = CommandRun.run(command, dir, env, null, timeout);
            return new Command(run.exitCode(), run.output());
        } catch (TimeoutException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** This result, or a failure naming the command and its output when it did not exit 0. */
    Command ok(String what) {
        if (exitCode != 0) {
            throw new AssertionError(what + " exited " + exitCode + ":\n" + output);
        }
        return this;
    }
}
