package org.hacp.ha.embedded;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.HaStateStore;
import org.hacp.ha.HighAvailabilityServices;
import org.hacp.ha.RecordSizeLimit;
import org.hacp.ha.StateKeyExistsException;
import org.hacp.ha.StateRecords;
import org.hacp.leader.LeaderContender;
import org.hacp.leader.LeaderElection;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeaderRetrievalListener;
import org.hacp.leader.LeaderRetrievalService;
import org.hacp.leader.LeadershipLostException;
import org.hacp.threads.DaemonThreads;

/**
 * In-memory HA services for fast component tests in one JVM: the same grant, revoke, publish,
 * retrieve and fenced-write semantics as ZooKeeper, without ZooKeeper. Every election created
 * here is a separate contender (as if in its own process); the first to start leads, and
 * {@link #moveLeadership} hands leadership to the next in line. Callbacks run one at a time on
 * one event thread. Epochs strictly increase per component.
 */
public final class EmbeddedHaServices implements HighAvailabilityServices {

    private final ExecutorService events = DaemonThreads.single("hacp-embedded-ha");
    private final RecordSizeLimit sizeLimit;

    /** With the default record size limit. */
    public EmbeddedHaServices() {
        this(RecordSizeLimit.defaults());
    }

    public EmbeddedHaServices(RecordSizeLimit sizeLimit) {
        this.sizeLimit = sizeLimit;
    }

    private final Map<String, Component> components = new HashMap<>();

    /** One component's election state; guarded by the services' monitor. */
    private final class Component {
        final String id;
        final List<Election> line = new ArrayList<>();
        final List<Retriever> retrievers = new ArrayList<>();
        final Map<String, byte[]> state = new TreeMap<>();
        Election leader;
        FencingToken token;
        long epoch;
        LeaderInformation published;

        Component(String id) {
            this.id = id;
        }

        void electNext() {
            if (leader != null || line.isEmpty()) {
                return;
            }
            leader = line.get(0);
            token = new FencingToken(UUID.randomUUID(), ++epoch);
            Election granted = leader;
            FencingToken t = token;
            events.execute(() -> granted.contender.grantLeadership(t));
        }

        void revoke() {
            if (leader == null) {
                return;
            }
            Election revoked = leader;
            leader = null;
            token = null;
            if (published != null) {
                published = null;
                notifyRetrievers();
            }
            events.execute(revoked.contender::revokeLeadership);
        }

        void notifyRetrievers() {
            Optional<LeaderInformation> now = Optional.ofNullable(published);
            for (Retriever r : retrievers) {
                events.execute(() -> r.listener.notifyLeaderAddress(now));
            }
        }
    }

    private synchronized Component component(String id) {
        return components.computeIfAbsent(id, Component::new);
    }

    /** Test hook: the current leader steps down and the next contender in line is granted. */
    public synchronized void moveLeadership(String componentId) {
        Component c = component(componentId);
        Election current = c.leader;
        c.revoke();
        if (current != null) {
            c.line.remove(current);
            c.line.add(current);
        }
        c.electNext();
    }

    /** Test hook: revoke without electing anyone (as if the leader lost its session and nobody else is there). */
    public synchronized void revokeLeadership(String componentId) {
        component(componentId).revoke();
    }

    /** Waits until every callback queued so far has run. */
    public void drainEvents() throws Exception {
        CompletableFuture.runAsync(() -> {}, events).get(10, TimeUnit.SECONDS);
    }

    @Override
    public LeaderElection leaderElection(String componentId) {
        return new Election(component(componentId));
    }

    @Override
    public LeaderRetrievalService leaderRetriever(String componentId) {
        return new Retriever(component(componentId));
    }

    @Override
    public HaStateStore stateStore(String componentId) {
        Component c = component(componentId);
        return new HaStateStore() {
            @Override
            public void put(FencingToken writer, String key, Object value) throws Exception {
                byte[] bytes = sizeLimit.encode("/state/" + c.id + "/" + key, value);
                synchronized (EmbeddedHaServices.this) {
                    checkLeader(c, writer);
                    c.state.put(key, bytes);
                }
            }

            @Override
            public void create(FencingToken writer, String key, Object value) throws Exception {
                byte[] bytes = sizeLimit.encode("/state/" + c.id + "/" + key, value);
                synchronized (EmbeddedHaServices.this) {
                    checkLeader(c, writer);
                    if (c.state.putIfAbsent(key, bytes) != null) {
                        throw new StateKeyExistsException(c.id, key);
                    }
                }
            }

            @Override
            public <T> Optional<T> get(String key, Class<T> type) throws Exception {
                byte[] bytes;
                synchronized (EmbeddedHaServices.this) {
                    bytes = c.state.get(key);
                }
                return bytes == null
                        ? Optional.empty()
                        : Optional.of(StateRecords.decode("/state/" + c.id + "/" + key, bytes, type));
            }

            @Override
            public void delete(FencingToken writer, String key) {
                synchronized (EmbeddedHaServices.this) {
                    checkLeader(c, writer);
                    c.state.remove(key);
                }
            }

            @Override
            public List<String> keys() {
                synchronized (EmbeddedHaServices.this) {
                    return List.copyOf(c.state.keySet());
                }
            }
        };
    }

    private static void checkLeader(Component c, FencingToken writer) {
        if (c.token == null || !c.token.equals(writer)) {
            throw new LeadershipLostException(
                    "write refused: epoch " + writer.epoch() + " is not the current leadership of '" + c.id + "'"
                            + (c.token == null ? " (no leader)" : " (current epoch " + c.token.epoch() + ")"));
        }
    }

    private final class Election implements LeaderElection {
        private final Component component;
        private LeaderContender contender;

        Election(Component component) {
            this.component = component;
        }

        @Override
        public void startLeaderElection(LeaderContender newContender) {
            synchronized (EmbeddedHaServices.this) {
                contender = newContender;
                component.line.add(this);
                component.electNext();
            }
        }

        @Override
        public CompletableFuture<Void> confirmLeadership(FencingToken token, String address) {
            synchronized (EmbeddedHaServices.this) {
                if (component.leader != this || !token.equals(component.token)) {
                    return CompletableFuture.failedFuture(
                            new LeadershipLostException("not publishing leader information of '" + component.id
                                    + "' for epoch " + token.epoch() + ": not the current leadership"));
                }
                component.published =
                        new LeaderInformation(component.id, address, token.sessionId(), token.epoch(), Instant.now());
                component.notifyRetrievers();
                return CompletableFuture.completedFuture(null);
            }
        }

        @Override
        public CompletableFuture<Void> publishOwned(Map<String, String> addresses, FencingToken token) {
            synchronized (EmbeddedHaServices.this) {
                if (component.leader != this || !token.equals(component.token)) {
                    return CompletableFuture.failedFuture(new LeadershipLostException(
                            "not publishing leader information of " + addresses.size() + " component(s) for epoch "
                                    + token.epoch() + ": not the current leadership of '" + component.id + "'"));
                }
                addresses.forEach((ownedComponentId, address) -> {
                    Component owned = component(ownedComponentId);
                    owned.published = new LeaderInformation(
                            ownedComponentId, address, token.sessionId(), token.epoch(), Instant.now());
                    owned.notifyRetrievers();
                });
                return CompletableFuture.completedFuture(null);
            }
        }

        @Override
        public boolean hasLeadership(FencingToken token) {
            synchronized (EmbeddedHaServices.this) {
                return component.leader == this && token.equals(component.token);
            }
        }

        /**
         * Never revokes: this election grants a later epoch only after revoking the earlier one, so
         * no receiver can know of a successor first.
         */
        @Override
        public CompletableFuture<Boolean> successorSeen(FencingToken token, long successorEpoch) {
            return CompletableFuture.completedFuture(false);
        }

        @Override
        public void close() {
            synchronized (EmbeddedHaServices.this) {
                if (component.leader == this) {
                    component.revoke();
                }
                component.line.remove(this);
                component.electNext();
            }
        }
    }

    private final class Retriever implements LeaderRetrievalService {
        private final Component component;
        private LeaderRetrievalListener listener;

        Retriever(Component component) {
            this.component = component;
        }

        @Override
        public void start(LeaderRetrievalListener newListener) {
            synchronized (EmbeddedHaServices.this) {
                listener = newListener;
                component.retrievers.add(this);
                Optional<LeaderInformation> now = Optional.ofNullable(component.published);
                events.execute(() -> newListener.notifyLeaderAddress(now));
            }
        }

        @Override
        public void close() {
            synchronized (EmbeddedHaServices.this) {
                component.retrievers.remove(this);
            }
        }
    }

    @Override
    public void close() {
        events.shutdown();
    }

    @Override
    public synchronized void closeAndCleanupAllData() {
        components.clear();
        close();
    }
}
