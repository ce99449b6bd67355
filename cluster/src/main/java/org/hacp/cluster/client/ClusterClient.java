package org.hacp.cluster.client;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.curator.framework.CuratorFramework;
import org.hacp.cluster.Component;
import org.hacp.cluster.dispatcher.DispatcherGateway;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway.RegisteredTaskExecutor;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway.ResourceManagerStatus;
import org.hacp.ha.MemberCard;
import org.hacp.ha.zookeeper.ClusterVersions;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.leader.LatestLeader;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeaderRetrievalService;
import org.hacp.leader.zookeeper.LeaderPaths;
import org.hacp.rpc.RpcService;

/**
 * A client of one running cluster, for the operators' CLI, the demo, the chaos harness, drills
 * and benchmarks: follows the leaders of the elected components, lists the election's
 * participants, connects fenced gateways to the leaders (jobs through the Dispatcher's), asks for
 * TaskExecutors, and
 * waits for conditions. It owns its retrievals; the HA services and RPC service stay the caller's.
 * Thread-safe.
 */
public final class ClusterClient implements AutoCloseable {
    /** Pause between two looks at another process's state: short against failover phases of ~100 ms. */
    private static final Duration POLL_PAUSE = Duration.ofMillis(5);

    private final ZooKeeperHaServices ha;
    private final RpcService rpc;
    private final Map<Component, LatestLeader> leaders = new EnumMap<>(Component.class);
    private final List<LeaderRetrievalService> retrievals = new ArrayList<>();

    /** A client following the elected components' leaders. */
    public ClusterClient(ZooKeeperHaServices ha, RpcService rpc) {
        this(ha, rpc, (component, leader) -> {});
    }

    /** @param onChange told of every leader change, on the retrieval's thread; must not block */
    public ClusterClient(
            ZooKeeperHaServices ha, RpcService rpc, BiConsumer<Component, Optional<LeaderInformation>> onChange) {
        this.ha = ha;
        this.rpc = rpc;
        for (Component component : Component.ELECTED) {
            LatestLeader leader = new LatestLeader(component.id(), change -> onChange.accept(component, change));
            leaders.put(component, leader);
            LeaderRetrievalService retrieval = ha.leaderRetriever(component.id());
            retrievals.add(retrieval);
            retrieval.start(leader);
        }
    }

    /** The leader of {@code component} as retrieval knows it now, or null. */
    public LeaderInformation leader(Component component) {
        return follower(component).get();
    }

    /** Waits for a leader of {@code component}. */
    public LeaderInformation awaitLeader(Component component, Duration timeout)
            throws TimeoutException, InterruptedException {
        return awaitLeader(component, leader -> true, timeout);
    }

    /** Waits for a leader of {@code component} that satisfies {@code condition}, e.g. a newer epoch. */
    public LeaderInformation awaitLeader(Component component, Predicate<LeaderInformation> condition, Duration timeout)
            throws TimeoutException, InterruptedException {
        return follower(component).await(condition, timeout);
    }

    private LatestLeader follower(Component component) {
        LatestLeader leader = leaders.get(component);
        if (leader == null) {
            throw new IllegalArgumentException(
                    "component '" + component + "' is not elected; elected: " + Component.ELECTED);
        }
        return leader;
    }

    /** The participant ids of the election in latch order: the leader first, then who would win next. */
    public List<String> participants() throws Exception {
        CuratorFramework zk = ha.client();
        List<String> ids = new ArrayList<>();
        for (String node : zk.getChildren().forPath(LeaderPaths.LATCH).stream()
                .sorted(LeaderPaths.LATCH_ORDER)
                .toList()) {
            ids.add(new String(zk.getData().forPath(LeaderPaths.LATCH + "/" + node), StandardCharsets.UTF_8));
        }
        return ids;
    }

    /** Every JobManager and TaskExecutor with a live session, by id, with the protocol versions each speaks (issue 31). */
    public List<MemberCard> members() throws Exception {
        return ha.members().list();
    }

    /** The cluster's protocol version, read and finalized through it (issue 31). */
    public ClusterVersions clusterVersions() {
        return ha.clusterVersions();
    }

    /** The participant id of the latch holder, or empty if none is in the election. */
    public String leadingParticipant() throws Exception {
        List<String> ids = participants();
        return ids.isEmpty() ? "" : ids.get(0);
    }

    /** A fenced gateway to the Dispatcher leader {@code leader} (its token goes with every call). */
    public CompletableFuture<DispatcherGateway> dispatcher(LeaderInformation leader) {
        return rpc.connect(leader.address(), leader.token(), DispatcherGateway.class);
    }

    /** A fenced gateway to the ResourceManager leader {@code leader}. */
    public CompletableFuture<ResourceManagerGateway> resourceManager(LeaderInformation leader) {
        return rpc.connect(leader.address(), leader.token(), ResourceManagerGateway.class);
    }

    /** The status of the ResourceManager leader {@code leader}: its token and its TaskExecutors (unfenced). */
    public CompletableFuture<ResourceManagerStatus> resourceManagerStatus(LeaderInformation leader) {
        return resourceManager(leader).thenCompose(ResourceManagerGateway::status);
    }

    /** The TaskExecutors registered with the ResourceManager leader {@code leader}. */
    public CompletableFuture<List<RegisteredTaskExecutor>> taskExecutors(LeaderInformation leader) {
        return resourceManagerStatus(leader).thenApply(ResourceManagerStatus::taskExecutors);
    }

    /**
     * Polls {@code value} (read from other processes) until it is not null.
     *
     * @throws TimeoutException if it stays null for {@code timeout}
     */
    public static <T> T await(Supplier<T> value, Duration timeout) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            T v = value.get();
            if (v != null) {
                return v;
            }
            Thread.sleep(POLL_PAUSE.toMillis()); // polling another process's state, not synchronizing threads
        }
        throw new TimeoutException("condition not met within " + timeout.toMillis() + " ms");
    }

    @Override
    public void close() {
        retrievals.forEach(LeaderRetrievalService::close);
    }
}
