package org.hacp.cluster.metrics;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;

/**
 * Follows a Curator client's connection for the metrics: its state now, how many times the
 * session was lost, and how long it has been suspended or lost in all. Curator calls the listener
 * on its own thread; the getters may be called from any thread (synchronized, read at scrape time).
 */
final class ZooKeeperConnection {
    private ConnectionState state;
    private long losses;
    private long disconnectedNanos;
    /** When the current disconnection began, or -1 while connected. */
    private long disconnectedSince = -1;

    ZooKeeperConnection(CuratorFramework client) {
        synchronized (this) {
            state = client.getZookeeperClient().isConnected() ? ConnectionState.CONNECTED : ConnectionState.SUSPENDED;
            if (!state.isConnected()) {
                disconnectedSince = System.nanoTime();
            }
        }
        client.getConnectionStateListenable().addListener((c, next) -> changed(next));
    }

    private synchronized void changed(ConnectionState next) {
        long now = System.nanoTime();
        if (next == ConnectionState.LOST) {
            losses++;
        }
        if (next.isConnected() && disconnectedSince >= 0) {
            disconnectedNanos += now - disconnectedSince;
            disconnectedSince = -1;
        } else if (!next.isConnected() && disconnectedSince < 0) {
            disconnectedSince = now;
        }
        state = next;
    }

    synchronized ConnectionState state() {
        return state;
    }

    synchronized long losses() {
        return losses;
    }

    synchronized double disconnectedSeconds() {
        long ongoing = disconnectedSince < 0 ? 0 : System.nanoTime() - disconnectedSince;
        return (disconnectedNanos + ongoing) / 1e9;
    }
}
