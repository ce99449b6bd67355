package org.hacp.threads;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * Ends a command's JVM with its work's exit code once the work is done, within a bound, whatever
 * threads a library leaves running: ZooKeeper's Netty server leaves a non-daemon thread behind
 * after it is closed (ZOOKEEPER-5044), and the demo once stayed up for good after its work was done
 * (issue 28). Shutdown hooks get {@link #HOOK_BOUND} before the JVM is halted.
 */
public final class CommandExit {
    /** How long the shutdown hooks of an exiting command may run before the JVM is halted. */
    public static final Duration HOOK_BOUND = Duration.ofSeconds(30);

    /** The code a JVM ended by SIGTERM exits with (128 + 15): what a halted SIGTERM shutdown exits with too. */
    public static final int SIGTERM_EXIT_CODE = 143;

    private CommandExit() {}

    /**
     * Runs {@code work} and exits with the code it returns; a failure it throws is printed on
     * stderr and exits 1. Never returns.
     */
    public static void run(Callable<Integer> work) {
        int code;
        try {
            code = work.call();
        } catch (Throwable t) {
            t.printStackTrace();
            code = 1;
        }
        exit(code);
    }

    /** Exits with {@code code}, halting with it if the shutdown hooks are not done within {@link #HOOK_BOUND}. */
    public static void exit(int code) {
        haltAfter(HOOK_BOUND, code);
        System.exit(code);
    }

    /**
     * Halts the JVM with {@code code} after {@code bound} unless it has ended by then: for a shutdown
     * hook whose clean-up waits on others' threads (a SIGTERM must end the process too).
     */
    public static void haltAfter(Duration bound, int code) {
        DaemonThreads.start("hacp-exit-bound", () -> {
            try {
                Thread.sleep(bound.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            System.err.println(
                    "Shutdown did not finish within " + bound.toSeconds() + " s; halting with exit code " + code);
            Runtime.getRuntime().halt(code);
        });
    }
}
