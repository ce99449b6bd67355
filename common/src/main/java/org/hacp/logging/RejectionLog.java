package org.hacp.logging;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;

/**
 * Logs rejected calls at WARN without letting a misbehaving peer flood the log: per reason, at
 * most one line per interval, and that line says how many were suppressed since the last one.
 * Counting for metrics is the caller's job; this class only decides what reaches the log.
 */
public final class RejectionLog {
    private final Logger log;
    private final long intervalNanos;
    private final Map<String, long[]> windows = new HashMap<>();

    public RejectionLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
    }

    /**
     * Logs {@code message} under {@code reason} unless a line for that reason was logged within the
     * interval, in which case it is only counted.
     */
    public void warn(String reason, String message) {
        String line = admit(reason, message);
        if (line != null) {
            log.warn(line);
        }
    }

    /** As {@link #warn}, at ERROR: for rejections that mean something is wrong in the cluster itself. */
    public void error(String reason, String message) {
        String line = admit(reason, message);
        if (line != null) {
            log.error(line);
        }
    }

    /** The line to log now (with the count suppressed since the last one), or null to only count it. */
    private synchronized String admit(String reason, String message) {
        long now = System.nanoTime();
        long[] window = windows.get(reason); // {last logged at, suppressed since}
        if (window == null) {
            windows.put(reason, new long[] {now, 0});
            return message;
        }
        if (now - window[0] >= intervalNanos) {
            long suppressed = window[1];
            window[0] = now;
            window[1] = 0;
            return suppressed == 0 ? message : message + " (" + suppressed + " more like it suppressed)";
        }
        window[1]++;
        return null;
    }
}
