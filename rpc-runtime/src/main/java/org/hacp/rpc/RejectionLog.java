package org.hacp.rpc;

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
    public synchronized void warn(String reason, String message) {
        long now = System.nanoTime();
        long[] window = windows.get(reason); // {last logged at, suppressed since}
        if (window == null) {
            windows.put(reason, new long[] {now, 0});
            log.warn(message);
        } else if (now - window[0] >= intervalNanos) {
            long suppressed = window[1];
            window[0] = now;
            window[1] = 0;
            log.warn(suppressed == 0 ? message : message + " (" + suppressed + " more like it suppressed)");
        } else {
            window[1]++;
        }
    }
}
