package org.hacp.ha.zookeeper;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.HaStateStore;
import org.hacp.ha.RecordSizeLimit;
import org.hacp.ha.RecordTooLargeException;
import org.hacp.ha.RecordsRead;
import org.hacp.ha.StateKeyExistsException;
import org.hacp.ha.StateRecords;
import org.hacp.ha.StoredBatch;
import org.hacp.leader.zookeeper.LeaderPaths;
import org.hacp.leader.zookeeper.PipelinedReads;
import org.hacp.leader.zookeeper.ZooKeeperLeaderElectionDriver;
import org.hacp.protocol.UnreadableRecordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HaStateStore} at {@code /state/<component>/<key>}: every write is one transaction with the
 * leadership checks of the component (our latch node exists, the epoch node is at the version we
 * minted), so a deposed leader's write fails in ZooKeeper itself. A batch ({@link #putAll}) is one
 * such transaction per {@link RecordSizeLimit#maxBytes} of records; a bulk read ({@link #getAll})
 * is {@link PipelinedReads}.
 */
final class ZooKeeperStateStore implements HaStateStore {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperStateStore.class);
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private final CuratorFramework client;
    private final ZooKeeperLeaderElectionDriver driver;
    private final String component;
    private final RecordSizeLimit sizeLimit;
    private final String base;
    /** The keys as the watch last saw them; null until {@link #keysSeen} is first called. */
    private final AtomicReference<List<String>> keysSeen = new AtomicReference<>();

    private final CuratorWatcher keysWatcher = this::keysChanged;
    private final AtomicBoolean followingReconnections = new AtomicBoolean();

    ZooKeeperStateStore(
            CuratorFramework client,
            ZooKeeperLeaderElectionDriver driver,
            String component,
            RecordSizeLimit sizeLimit) {
        this.client = client;
        this.sizeLimit = sizeLimit;
        this.driver = driver;
        this.component = component;
        this.base = "/state/" + LeaderPaths.validComponent(component);
    }

    private String path(String key) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException(
                    "state key '" + key + "' is not allowed: 1-128 letters, digits, '.', '_' or '-'");
        }
        return base + "/" + key;
    }

    /**
     * Updates the node in place and creates it only when the update finds none: one round trip
     * per checkpoint instead of three (create the parent, check the node, write), for a job
     * checkpointing 10 times a second the ZooKeeper traffic of the whole cluster (issue 16).
     */
    @Override
    public void put(FencingToken writer, String key, Object value) throws Exception {
        String path = path(key);
        put(writer, path, sizeLimit.encode(path, value));
    }

    private void put(FencingToken writer, String path, byte[] bytes) throws Exception {
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                writeAsLeader(writer, client.transactionOp().setData().forPath(path, bytes));
                return;
            } catch (KeeperException.NoNodeException absent) {
                // a new key: create it below
            }
            createBase();
            try {
                writeAsLeader(writer, client.transactionOp().create().forPath(path, bytes));
                return;
            } catch (KeeperException.NodeExistsException e) {
                // created between our update and our create: update it
            }
        }
        throw new IllegalStateException("state node " + path + " kept appearing and disappearing under us");
    }

    @Override
    public StoredBatch putAll(FencingToken writer, Map<String, ?> values) throws Exception {
        List<RecordTooLargeException> refused = new ArrayList<>();
        Map<String, byte[]> chunk = new HashMap<>();
        long chunkBytes = 0;
        int transactions = 0;
        for (Map.Entry<String, ?> e : values.entrySet()) {
            String path = path(e.getKey());
            byte[] bytes;
            try {
                bytes = sizeLimit.encode(path, e.getValue());
            } catch (RecordTooLargeException tooLarge) {
                refused.add(tooLarge);
                continue;
            }
            long size = bytes.length + path.length();
            if (!chunk.isEmpty() && chunkBytes + size > sizeLimit.maxBytes()) {
                transactions += writeChunk(writer, chunk);
                chunk = new HashMap<>();
                chunkBytes = 0;
            }
            chunk.put(path, bytes);
            chunkBytes += size;
        }
        if (!chunk.isEmpty()) {
            transactions += writeChunk(writer, chunk);
        }
        return new StoredBatch(transactions, refused);
    }

    /**
     * One transaction updating every record of {@code chunk} (path to bytes), returning the
     * transactions taken. A key new to the store fails the update of the whole chunk; its records
     * then go one by one, creating what is missing (rare: a job's record is created when it is
     * submitted).
     */
    private int writeChunk(FencingToken writer, Map<String, byte[]> chunk) throws Exception {
        List<CuratorOp> updates = new ArrayList<>();
        for (Map.Entry<String, byte[]> e : chunk.entrySet()) {
            updates.add(client.transactionOp().setData().forPath(e.getKey(), e.getValue()));
        }
        try {
            driver.writeAsLeader(component, writer, updates);
            return 1;
        } catch (KeeperException.NoNodeException absent) {
            for (Map.Entry<String, byte[]> e : chunk.entrySet()) {
                put(writer, e.getKey(), e.getValue());
            }
            return 1 + chunk.size();
        }
    }

    @Override
    public void create(FencingToken writer, String key, Object value) throws Exception {
        String path = path(key);
        byte[] bytes = sizeLimit.encode(path, value);
        try {
            writeAsLeader(writer, client.transactionOp().create().forPath(path, bytes));
            return;
        } catch (KeeperException.NodeExistsException e) {
            throw new StateKeyExistsException(component, key);
        } catch (KeeperException.NoNodeException absent) {
            // the component's first key: its state node is created below, once
        }
        createBase();
        try {
            writeAsLeader(writer, client.transactionOp().create().forPath(path, bytes));
        } catch (KeeperException.NodeExistsException e) {
            throw new StateKeyExistsException(component, key);
        }
    }

    /** The component's state node, if missing (a failed check of a transaction is not this: it is LeadershipLostException). */
    private void createBase() throws Exception {
        try {
            client.create().creatingParentsIfNeeded().forPath(base);
        } catch (KeeperException.NodeExistsException ignored) {
            // the component's state node exists already
        }
    }

    /** {@code write} in one transaction with the component's leadership checks. */
    private void writeAsLeader(FencingToken writer, CuratorOp write) throws Exception {
        driver.writeAsLeader(component, writer, List.of(write));
    }

    @Override
    public <T> Optional<T> get(String key, Class<T> type) throws Exception {
        try {
            String path = path(key);
            return Optional.of(StateRecords.decode(path, client.getData().forPath(path), type));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        }
    }

    @Override
    public <T> RecordsRead<T> getAll(Collection<String> keys, Class<T> type) throws Exception {
        Map<String, String> keyOf = new HashMap<>();
        for (String key : keys) {
            keyOf.put(path(key), key);
        }
        Map<String, T> records = new HashMap<>();
        Map<String, Exception> unreadable = new HashMap<>();
        PipelinedReads.getData(client, keyOf.keySet()).forEach((path, answer) -> {
            String key = keyOf.get(path);
            if (answer.resultCode() == KeeperException.Code.OK.intValue()) {
                try {
                    records.put(key, StateRecords.decode(path, answer.data(), type));
                } catch (UnreadableRecordException bad) {
                    unreadable.put(key, bad);
                }
            } else if (answer.resultCode() != KeeperException.Code.NONODE.intValue()) {
                unreadable.put(key, KeeperException.create(KeeperException.Code.get(answer.resultCode()), path));
            }
        });
        return new RecordsRead<>(records, unreadable);
    }

    @Override
    public void delete(FencingToken writer, String key) throws Exception {
        String path = path(key);
        if (client.checkExists().forPath(path) == null) {
            driver.leadershipChecks(component, writer); // still refuse a deposed writer
            return;
        }
        try {
            driver.writeAsLeader(
                    component, writer, List.of(client.transactionOp().delete().forPath(path)));
        } catch (KeeperException.NoNodeException e) {
            // deleted meanwhile
        }
    }

    @Override
    public List<String> keys() throws Exception {
        try {
            return sorted(client.getChildren().forPath(base));
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    /**
     * Watched with a children watch (an exists watch while the component has no state node), so a
     * standby has the keys at hand the moment it leads and reads its records one round trip sooner
     * (issue 16). Changes are rare (a job submitted, an intent written); checkpoints, which only
     * change data, fire nothing. Listed again after every reconnection, since a new session has lost
     * the watches; never while disconnected: a background call that runs out of retries during a
     * ZooKeeper outage is a fatal client error (the quorum-loss chaos test caught exactly that when
     * the list was renewed on the expiry event). The watch lasts as long as the ZooKeeper client.
     */
    @Override
    public List<String> keysSeen() throws Exception {
        List<String> seen = keysSeen.get();
        if (seen != null) {
            return seen;
        }
        if (followingReconnections.compareAndSet(false, true)) {
            client.getConnectionStateListenable().addListener((c, state) -> {
                if (state == ConnectionState.RECONNECTED) {
                    relist();
                }
            });
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                keysSeen.compareAndSet(
                        null,
                        sorted(client.getChildren().usingWatcher(keysWatcher).forPath(base)));
                return keysSeen.get();
            } catch (KeeperException.NoNodeException e) {
                if (client.checkExists().usingWatcher(keysWatcher).forPath(base) == null) {
                    keysSeen.compareAndSet(null, List.of());
                    return keysSeen.get();
                }
            }
        }
        throw new IllegalStateException("state node " + base + " kept appearing and disappearing under us");
    }

    /** A watched change: lists the keys again, in the background, watching again. ZooKeeper event thread. */
    private void keysChanged(WatchedEvent event) {
        if (event.getType() != Watcher.Event.EventType.None) {
            relist(); // connection events are left to the reconnection listener
        }
    }

    private void relist() {
        inBackground(() -> client.getChildren()
                .usingWatcher(keysWatcher)
                .inBackground((c, result) -> {
                    if (result.getResultCode() == KeeperException.Code.OK.intValue()) {
                        keysSeen.set(sorted(result.getChildren()));
                    } else if (result.getResultCode() == KeeperException.Code.NONODE.intValue()) {
                        keysSeen.set(List.of());
                        watchCreation();
                    }
                })
                .forPath(base));
    }

    /** Watches for the state node to be created; lists its keys if it was meanwhile. */
    private void watchCreation() {
        inBackground(() -> client.checkExists()
                .usingWatcher(keysWatcher)
                .inBackground((c, result) -> {
                    if (result.getStat() != null) {
                        relist();
                    }
                })
                .forPath(base));
    }

    private interface BackgroundCall {
        void start() throws Exception;
    }

    private void inBackground(BackgroundCall call) {
        try {
            call.start();
        } catch (Exception e) {
            LOG.debug("Could not watch the keys of {} again: {}", base, e.toString());
        }
    }

    private static List<String> sorted(List<String> keys) {
        return keys.stream().sorted().toList();
    }
}
