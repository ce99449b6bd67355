package org.hacp.leader.zookeeper.takeover;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.Watcher.Event.KeeperState;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.client.ConnectStringParser;
import org.apache.zookeeper.client.StaticHostProvider;

/**
 * Ends another process's ZooKeeper session with that session's own id and password: the server
 * lets any client that presents them attach to the session (closing the previous connection) and
 * close it, and then deletes the session's ephemeral nodes exactly as on expiry. Uses the same
 * servers, TLS and SASL settings as {@code client}. Blocks the caller's thread.
 */
final class SessionCloser {
    /** How the attempt ended. */
    enum Outcome {
        /** The server closed the session. */
        CLOSED,
        /** The session had already ended (expired or closed by someone else). */
        ALREADY_GONE
    }

    private final CuratorFramework client;
    private final Duration timeout;

    SessionCloser(CuratorFramework client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    /**
     * Closes session {@code card.session()}.
     *
     * @throws Exception if ZooKeeper could not be reached within the timeout (nothing was closed)
     */
    Outcome close(SessionCard card) throws Exception {
        ZooKeeper ours = client.getZookeeperClient().getZooKeeper();
        String servers = client.getZookeeperClient().getCurrentConnectionString();
        CountDownLatch answered = new CountDownLatch(1);
        AtomicReference<KeeperState> state = new AtomicReference<>();
        ZooKeeper attached = new ZooKeeper(
                servers,
                ours.getSessionTimeout(),
                event -> {
                    if (event.getState() == KeeperState.SyncConnected || event.getState() == KeeperState.Expired) {
                        state.compareAndSet(null, event.getState());
                        answered.countDown();
                    }
                },
                card.session(),
                card.passwordBytes(),
                false,
                new StaticHostProvider(new ConnectStringParser(servers).getServerAddresses()),
                ours.getClientConfig());
        try {
            if (!answered.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("ZooKeeper at " + servers + " did not answer within "
                        + timeout.toMillis() + " ms while attaching to session 0x" + Long.toHexString(card.session()));
            }
            if (state.get() == KeeperState.Expired) {
                return Outcome.ALREADY_GONE;
            }
            if (!attached.close((int) timeout.toMillis())) {
                throw new IllegalStateException("closing session 0x" + Long.toHexString(card.session())
                        + " was not confirmed within " + timeout.toMillis() + " ms");
            }
            return Outcome.CLOSED;
        } finally {
            attached.close((int) timeout.toMillis());
        }
    }
}
