package org.hacp.cluster.resourcemanager;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.HaStateStore;

/**
 * The cluster's recent ResourceManager takeovers with their phases, as each new leader measured
 * them live, kept in the ResourceManager's HA store (a fenced write: only the current leader adds
 * to it) so that any JobManager's web view can draw the epoch history (issue 15). At most
 * {@link #KEPT} takeovers, newest last.
 *
 * @param takeovers oldest first
 */
public record TakeoverHistory(List<Entry> takeovers) {
    public static final int KEPT = 20;
    static final String KEY = "takeover-history";

    /**
     * One takeover.
     *
     * @param phaseMillis milliseconds from noticing the previous leader gone to each phase reached
     */
    public record Entry(long epoch, String leader, long atMillis, Map<String, Long> phaseMillis) {
        public Entry {
            phaseMillis = Map.copyOf(phaseMillis);
        }
    }

    public TakeoverHistory {
        takeovers = List.copyOf(takeovers);
    }

    /** The history in {@code store}; empty when none was written yet. */
    public static TakeoverHistory read(HaStateStore store) throws Exception {
        return store.get(KEY, TakeoverHistory.class).orElse(new TakeoverHistory(List.of()));
    }

    /** Adds {@code entry} as the leader holding {@code token} (refused by the store if it no longer leads). */
    public static void append(HaStateStore store, FencingToken token, Entry entry) throws Exception {
        List<Entry> next = new ArrayList<>(read(store).takeovers());
        next.removeIf(e -> e.epoch() == entry.epoch());
        next.add(entry);
        while (next.size() > KEPT) {
            next.remove(0);
        }
        store.put(token, KEY, new TakeoverHistory(next));
    }

    /** The newest takeover, if any. */
    public Optional<Entry> newest() {
        return takeovers.isEmpty() ? Optional.empty() : Optional.of(takeovers.get(takeovers.size() - 1));
    }
}
