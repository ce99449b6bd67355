package org.hacp.cluster.events;

import java.util.Locale;

/** What an event is in a Jepsen-style history: the start of an operation, its outcome, or a fact. */
public enum HistoryKind {
    INVOKE,
    OK,
    FAIL,
    INFO;

    /** The name in a history line, e.g. {@code ok}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind named {@code wireName}, or {@link #INFO} for anything else (harness phases such as start or end). */
    public static HistoryKind ofPhase(String wireName) {
        for (HistoryKind k : values()) {
            if (k.wireName().equals(wireName)) {
                return k;
            }
        }
        return INFO;
    }
}
