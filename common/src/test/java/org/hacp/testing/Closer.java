package org.hacp.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * What a test started, closed in reverse order by its teardown, best effort: one failing close
 * must not leave the rest (servers, processes, clients) running into the next test.
 */
public final class Closer implements AutoCloseable {
    private final List<AutoCloseable> closeables = new ArrayList<>();

    /** Registers {@code closeable} to be closed before everything registered earlier. */
    public synchronized <T extends AutoCloseable> T track(T closeable) {
        closeables.add(0, closeable);
        return closeable;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception ignored) {
                // best effort: the rest must still be closed
            }
        }
        closeables.clear();
    }
}
