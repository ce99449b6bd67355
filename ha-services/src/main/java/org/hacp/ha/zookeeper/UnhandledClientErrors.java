package org.hacp.ha.zookeeper;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.api.UnhandledErrorListener;
import org.apache.zookeeper.KeeperException;
import org.hacp.leader.FatalErrorHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a process does with the errors Curator reports as unhandled: a background operation that
 * gave up on a lost connection or an expired session is logged (at most one line per 10 s), since
 * the operation's caller gets its failure and the connection state (SUSPENDED, LOST) decides about
 * leadership; anything else is fatal. Before, every such error was fatal, and a ZooKeeper blip of
 * T/2 ended a leader ("Background operation retry gave up") in the zk-blip drill of the
 * fresh-clone CI of 0444a70. Thread-safe: Curator calls it on its background thread.
 */
final class UnhandledClientErrors implements UnhandledErrorListener {
    private static final Logger LOG = LoggerFactory.getLogger(UnhandledClientErrors.class);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private final FatalErrorHandler fatal;
    private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final AtomicLong quiet = new AtomicLong();

    UnhandledClientErrors(FatalErrorHandler fatal) {
        this.fatal = fatal;
    }

    @Override
    public void unhandledError(String message, Throwable e) {
        if (!connectionGone(e)) {
            fatal.onFatalError(new IllegalStateException("unexpected ZooKeeper client error: " + message, e));
            return;
        }
        long now = System.nanoTime();
        long last = lastLogged.get();
        if (now - last >= LOG_EVERY_NANOS && lastLogged.compareAndSet(last, now)) {
            LOG.warn(
                    "ZooKeeper background operation failed on a lost connection ({}: {}); {} more since the last"
                            + " line; the connection state decides about leadership",
                    message,
                    e,
                    quiet.getAndSet(0));
        } else {
            quiet.incrementAndGet();
        }
    }

    /** Whether {@code e} (or a cause) is a lost connection or an expired session. */
    static boolean connectionGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KeeperException.ConnectionLossException
                    || t instanceof KeeperException.SessionExpiredException) {
                return true;
            }
        }
        return false;
    }
}
