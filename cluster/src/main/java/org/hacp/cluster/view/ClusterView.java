package org.hacp.cluster.view;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.Component;
import org.hacp.cluster.client.ClusterClient;
import org.hacp.cluster.jobmanager.JobManager;
import org.hacp.cluster.resourcemanager.TakeoverHistory;
import org.hacp.fencing.FencedRpcEndpoint;
import org.hacp.fencing.FencingTokenException;
import org.hacp.ha.zookeeper.ClusterVersions;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.leader.LeaderInformation;
import org.hacp.rpc.RpcService;

/**
 * What the cluster-wide web view shows, gathered by any JobManager (issue 15): the election's
 * participants in latch order, every member with the protocol versions it speaks, each component's
 * leader and epoch (retrieval), the ResourceManager
 * leader's TaskExecutors and the Dispatcher leader's jobs (asked over RPC, 2 s each), this
 * process's fencing counters and ZooKeeper state, and the takeover history from the HA store. Never
 * a token or a session id. Built per request on the status server's worker thread.
 */
public final class ClusterView implements AutoCloseable {
    private static final long ASK_SECONDS = 2;

    private final JobManager jobManager;
    private final ZooKeeperHaServices ha;
    private final ClusterClient client;

    public ClusterView(JobManager jobManager, ZooKeeperHaServices ha, RpcService rpc) {
        this.jobManager = jobManager;
        this.ha = ha;
        this.client = new ClusterClient(ha, rpc);
    }

    /** The view now, as plain maps and lists (JSON at {@code /cluster}); parts that cannot be read say so. */
    public Map<String, Object> snapshot() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("servedBy", jobManager.id());
        view.put("zookeeper", ha.client().getZookeeperClient().isConnected() ? "connected" : "disconnected");
        List<String> problems = new ArrayList<>();
        try {
            view.put("jobManagers", client.participants());
        } catch (Exception e) {
            view.put("jobManagers", List.of());
            problems.add("participants: " + e.getMessage());
        }
        try {
            ClusterVersions.Read version = client.clusterVersions().read();
            view.put("clusterVersion", Map.of("active", version.version().active(), "finalized", version.finalized()));
        } catch (Exception e) {
            view.put("clusterVersion", null);
            problems.add("cluster version: " + e.getMessage());
        }
        try {
            view.put("members", client.members());
        } catch (Exception e) {
            view.put("members", List.of());
            problems.add("members: " + e.getMessage());
        }
        Map<String, Object> components = new LinkedHashMap<>();
        for (Component component : Component.ELECTED) {
            LeaderInformation leader = client.leader(component);
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("epoch", leader == null ? null : leader.epoch());
            c.put("address", leader == null ? null : leader.address());
            components.put(component.id(), c);
        }
        view.put("components", components);
        view.put("taskExecutors", List.of());
        view.put("jobs", List.of());
        LeaderInformation rm = client.leader(Component.RESOURCE_MANAGER);
        if (rm != null) {
            try {
                view.put("taskExecutors", client.taskExecutors(rm).get(ASK_SECONDS, TimeUnit.SECONDS));
            } catch (Exception e) {
                problems.add("TaskExecutors: " + e);
            }
        }
        LeaderInformation dispatcher = client.leader(Component.DISPATCHER);
        if (dispatcher != null) {
            try {
                view.put(
                        "jobs",
                        client.dispatcher(dispatcher)
                                .thenCompose(d -> d.listJobs())
                                .get(ASK_SECONDS, TimeUnit.SECONDS));
            } catch (Exception e) {
                problems.add("jobs: " + e);
            }
        }
        view.put("fencingRejections", fencing());
        try {
            view.put(
                    "takeovers",
                    TakeoverHistory.read(ha.stateStore(Component.RESOURCE_MANAGER.id()))
                            .takeovers());
        } catch (Exception e) {
            view.put("takeovers", List.of());
            problems.add("takeover history: " + e.getMessage());
        }
        view.put("problems", problems);
        return view;
    }

    /** This process's fencing rejections per component and reason. */
    private Map<String, Map<String, Long>> fencing() {
        Map<String, Map<String, Long>> byComponent = new LinkedHashMap<>();
        Map<Component, FencedRpcEndpoint> endpoints = Map.of(
                Component.DISPATCHER,
                jobManager.dispatcher(),
                Component.RESOURCE_MANAGER,
                jobManager.resourceManager());
        for (Component component : Component.ELECTED) {
            Map<String, Long> reasons = new LinkedHashMap<>();
            for (FencingTokenException.Reason reason : FencingTokenException.Reason.values()) {
                reasons.put(
                        reason.name().toLowerCase(Locale.ROOT),
                        endpoints.get(component).getFencingRejections().count(reason));
            }
            byComponent.put(component.id(), reasons);
        }
        return byComponent;
    }

    @Override
    public void close() {
        client.close();
    }
}
