package org.hacp.fencing;

import java.util.Map;
import org.hacp.rpc.wire.RemoteErrorKind;
import org.hacp.rpc.wire.WireError;

/**
 * Carries a {@link FencingTokenException} across the wire: the receiver sends its reason and the two
 * epochs (never a session id, issue 12), the caller gets a {@code FencingTokenException} back.
 */
public final class FencingErrorKind implements RemoteErrorKind {
    /** Wire kind of fencing rejections. */
    public static final String WIRE_KIND = "FENCING";

    @Override
    public String kind() {
        return WIRE_KIND;
    }

    @Override
    public WireError toWireError(Throwable failure) {
        if (!(failure instanceof FencingTokenException rejection)) {
            return null;
        }
        Map<String, String> details = Map.of(
                "reason", rejection.getReason().name(),
                "receivedEpoch", Long.toString(rejection.getReceivedEpoch()),
                "currentEpoch", Long.toString(rejection.getCurrentEpoch()));
        return new WireError(WIRE_KIND, FencingTokenException.class.getName(), rejection.getMessage(), "", details);
    }

    /** Rebuilds the exception; unreadable details become a generic fencing failure. */
    @Override
    public RuntimeException toException(WireError error, String context) {
        Map<String, String> d = error.details();
        FencingTokenException.Reason reason;
        try {
            reason = FencingTokenException.Reason.valueOf(
                    d.getOrDefault("reason", FencingTokenException.Reason.NOT_LEADER.name()));
        } catch (IllegalArgumentException e) {
            reason = FencingTokenException.Reason.NOT_LEADER;
        }
        return new FencingTokenException(
                context + ": " + error.message(), reason, epoch(d.get("receivedEpoch")), epoch(d.get("currentEpoch")));
    }

    private static long epoch(String text) {
        try {
            return text == null ? -1 : Math.max(-1, Long.parseLong(text));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
