package org.hacp.leader.zookeeper;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.KeeperException;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeaderRetrievalException;
import org.hacp.leader.LeaderRetrievalListener;
import org.hacp.leader.LeaderRetrievalService;
import org.hacp.logging.RejectionLog;
import org.hacp.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code /leader/<component>/connection_info} with a Curator cache and tells its listener
 * of every change, one event at a time, de-duplicated.
 *
 * <p>Policy: "no leader known" is reported when the node is deleted, when the session is LOST,
 * and when the connection is SUSPENDED unless the client tolerates suspended connections (then
 * a leader that may have lost its own session stays announced until ZooKeeper says otherwise).
 * After every reconnect it runs {@code sync()} and reads again, so it re-announces the leader or
 * announces one that changed while it was disconnected. It ignores (and logs) an epoch lower than
 * one it already reported, unless the component's epoch counter is now below that epoch too: the
 * cluster's HA data was wiped and epochs restarted, so it follows the new leader. An epoch above the
 * counter is refused as forged or corrupt. A node that is not valid leader information goes to
 * {@link LeaderRetrievalListener#handleError} naming the path; watching goes on.
 */
public final class ZooKeeperLeaderRetrievalService implements LeaderRetrievalService {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperLeaderRetrievalService.class);

    private final CuratorFramework client;
    private final String componentId;
    private final String path;
    private final ExecutorService events;
    private CuratorCache cache;
    private ConnectionStateListener connectionListener;
    private LeaderRetrievalListener listener;
    /** What was last reported: null = nothing yet, empty = "no leader known". */
    private Optional<LeaderInformation> reported;

    private long highestEpoch = -1;
    private final RejectionLog rejections = new RejectionLog(LOG, Duration.ofSeconds(10));
    private volatile boolean closed;

    public ZooKeeperLeaderRetrievalService(CuratorFramework client, String componentId) {
        this.client = client;
        this.componentId = LeaderPaths.validComponent(componentId);
        this.path = LeaderPaths.connectionInfo(componentId);
        this.events = DaemonThreads.single("hacp-leader-retrieval-" + componentId);
    }

    @Override
    public synchronized void start(LeaderRetrievalListener newListener) {
        if (listener != null) {
            throw new IllegalStateException("retrieval of '" + componentId + "' is already started");
        }
        listener = newListener;
        cache = CuratorCache.build(client, path, CuratorCache.Options.SINGLE_NODE_CACHE);
        cache.listenable()
                .addListener(
                        CuratorCacheListener.builder()
                                .forCreatesAndChanges((before, after) -> onData(after))
                                .forDeletes(before -> report(Optional.empty(), "leader information deleted"))
                                .forInitialized(() -> {
                                    if (cache.get(path).isEmpty()) {
                                        report(Optional.empty(), "no leader information yet");
                                    }
                                })
                                .build(),
                        events);
        connectionListener = (c, state) -> onConnectionState(state);
        client.getConnectionStateListenable().addListener(connectionListener, events);
        cache.start();
    }

    private void onData(ChildData data) {
        try {
            report(Optional.of(LeaderInformationCodec.decode(path, data.getData())), "changed");
        } catch (LeaderRetrievalException e) {
            LOG.warn("Retrieval of '{}': {}", componentId, e.getMessage());
            listener.handleError(e);
        }
    }

    private void onConnectionState(ConnectionState state) {
        switch (state) {
            case SUSPENDED:
                if (client.getConnectionStateErrorPolicy().isErrorState(ConnectionState.SUSPENDED)) {
                    report(Optional.empty(), "ZooKeeper connection suspended");
                }
                break;
            case LOST:
                report(Optional.empty(), "ZooKeeper session lost");
                break;
            case RECONNECTED:
                resync();
                break;
            default:
                break;
        }
    }

    /** After a reconnect: make this server as current as the leader, then read. */
    private void resync() {
        try {
            client.sync()
                    .inBackground((c, event) -> events.execute(this::readNow))
                    .forPath(path);
        } catch (Exception e) {
            LOG.warn("Retrieval of '{}': sync after reconnect failed ({}); reading anyway", componentId, e.toString());
            readNow();
        }
    }

    private void readNow() {
        if (closed) {
            return;
        }
        try {
            byte[] bytes = client.getData().forPath(path);
            report(Optional.of(LeaderInformationCodec.decode(path, bytes)), "read after reconnect");
        } catch (KeeperException.NoNodeException e) {
            report(Optional.empty(), "no leader information after reconnect");
        } catch (LeaderRetrievalException e) {
            listener.handleError(e);
        } catch (Exception e) {
            LOG.warn("Retrieval of '{}': read after reconnect failed: {}", componentId, e.toString());
        }
    }

    /** The component's epoch counter, or -1 when there is none (an owned component) or it cannot be read. */
    private long epochCounter() {
        try {
            String path = LeaderPaths.epoch(componentId);
            return EpochCounter.decode(path, client.getData().forPath(path));
        } catch (KeeperException.NoNodeException e) {
            return -1;
        } catch (Exception e) {
            LOG.debug("Retrieval of '{}': epoch counter unreadable ({}); not checked", componentId, e.toString());
            return -1;
        }
    }

    private void report(Optional<LeaderInformation> leader, String why) {
        if (closed) {
            return;
        }
        if (leader.isEmpty()) {
            if (reported != null && reported.isEmpty()) {
                return;
            }
        } else {
            LeaderInformation info = leader.get();
            if (reported != null && reported.isPresent() && reported.get().sameLeaderAs(info)) {
                return;
            }
            long counter = epochCounter();
            if (counter >= 0 && info.epoch() > counter) {
                // No leader can publish an epoch it has not minted; believing one would blind this
                // retriever to every real leader below it (issue 12: a forged epoch near Long.MAX did).
                rejections.warn(
                        "forged",
                        "Retrieval of '" + componentId + "' rejected leader information with epoch " + info.epoch()
                                + ", above the component's epoch counter " + counter + " (forged or corrupt)");
                return;
            }
            if (info.epoch() < highestEpoch && (counter < 0 || counter >= highestEpoch)) {
                LOG.warn(
                        "Retrieval of '{}' ignored leader information with epoch {}, lower than epoch {} already reported",
                        componentId,
                        info.epoch(),
                        highestEpoch);
                return;
            }
            // Below the highest reported epoch only when the counter was reset (the cluster's HA data wiped).
            highestEpoch = info.epoch();
        }
        reported = leader;
        LOG.info(
                "Leader of '{}' is now {} ({})",
                componentId,
                leader.map(i -> i.address() + " at epoch " + i.epoch()).orElse("unknown"),
                why);
        try {
            listener.notifyLeaderAddress(leader);
        } catch (RuntimeException e) {
            LOG.error("Retrieval listener of '{}' failed", componentId, e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (cache != null) {
            cache.close();
        }
        if (connectionListener != null) {
            client.getConnectionStateListenable().removeListener(connectionListener);
        }
        events.shutdown();
    }
}
