package org.hacp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Waits for the machine to be quiet before a trial: a JobManager started by the previous trial
 * compiles its hot code for several seconds and held both cores of the 2-core benchmark machine
 * (80-90 % user time, 10 runnable threads by {@code vmstat}), which doubled a planned handover's
 * phases in the trial after it (issue 16). Reads {@code /proc/stat}; where that is missing, does
 * not wait.
 */
final class QuietMachine {
    private static final Path STAT = Path.of("/proc/stat");

    private QuietMachine() {}

    /**
     * Samples the CPUs' idle share over {@code window} until it reaches {@code idleShare} or
     * {@code limit} passes; returns the last idle share seen (NaN without {@code /proc/stat}).
     */
    static double await(double idleShare, Duration window, Duration limit) throws IOException, InterruptedException {
        if (!Files.isReadable(STAT)) {
            return Double.NaN;
        }
        long deadline = System.nanoTime() + limit.toNanos();
        double idle;
        do {
            long[] before = cpuTimes();
            Thread.sleep(window.toMillis()); // the sampling window itself, not a synchronization
            long[] after = cpuTimes();
            long total = after[0] - before[0];
            idle = total == 0 ? 1.0 : (double) (after[1] - before[1]) / total;
        } while (idle < idleShare && System.nanoTime() < deadline);
        return idle;
    }

    /** {total, idle + iowait} jiffies over all CPUs, from the first line of /proc/stat. */
    private static long[] cpuTimes() throws IOException {
        String[] f = Files.readAllLines(STAT).get(0).trim().split("\\s+");
        long total = 0;
        for (int i = 1; i < f.length; i++) {
            total += Long.parseLong(f[i]);
        }
        return new long[] {total, Long.parseLong(f[4]) + Long.parseLong(f[5])};
    }
}
