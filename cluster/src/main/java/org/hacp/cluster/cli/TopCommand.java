package org.hacp.cluster.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Callable;
import org.hacp.config.ConfigReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code hactl top}: the status, refreshed. On a terminal the screen is redrawn each interval; to a
 * file or a pipe only a status that changed is printed, with the time, and no escape codes.
 */
@Command(name = "top", description = "A live view of the cluster's status (Ctrl-C to stop).")
final class TopCommand implements Callable<Integer> {
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @ParentCommand
    Hactl hactl;

    @Option(names = "--interval", defaultValue = "1s", description = "Refresh interval (default ${DEFAULT-VALUE}).")
    String interval;

    @Option(
            names = "--iterations",
            defaultValue = "0",
            description = "Stop after this many refreshes (default 0: until interrupted).")
    int iterations;

    @Override
    public Integer call() {
        Duration every = ConfigReader.parseDuration(interval, "--interval");
        boolean terminal = System.console() != null;
        return hactl.run(s -> {
            String last = null;
            for (int i = 0; iterations == 0 || i < iterations; i++) {
                String now = text(ClusterStatus.gather(s));
                String time = LocalTime.now().truncatedTo(ChronoUnit.SECONDS).toString();
                if (terminal) {
                    System.out.print(CLEAR_SCREEN + "hactl top  " + time + "  (every " + interval + ")\n" + now);
                    System.out.flush();
                } else if (!now.equals(last)) {
                    System.out.print("--- " + time + "\n" + now);
                    System.out.flush();
                }
                last = now;
                try {
                    Thread.sleep(every.toMillis()); // the refresh interval itself
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 0;
                }
            }
            return 0;
        });
    }

    /** The status as text without values that change on every refresh. */
    private static String text(ClusterStatus status) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        status.printText(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
