package org.hacp.fencing;

import java.util.Map;

/**
 * A snapshot of one fenced endpoint's rejected calls since it was created.
 *
 * @param total every rejected call, asks and tells
 * @param byReason the same, per reason (every reason present, zero when none)
 * @param highestRejectedEpoch the highest epoch among rejected tokens, or -1 if none carried one
 * @param discardedMainThreadWork runAsync/callAsync work dropped because it was submitted under a
 *     token that was no longer current when it came to run (expected after every revoke)
 */
public record FencingRejections(
        long total,
        Map<FencingTokenException.Reason, Long> byReason,
        long highestRejectedEpoch,
        long discardedMainThreadWork) {

    public long count(FencingTokenException.Reason reason) {
        return byReason.getOrDefault(reason, 0L);
    }
}
