package org.hacp.cluster.jobmanager;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.hacp.cluster.dispatcher.Dispatcher;
import org.hacp.cluster.resourcemanager.ResourceManager;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;
import org.hacp.fencing.FencedRpcEndpoint;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.HighAvailabilityServices;
import org.hacp.leader.LeaderContender;
import org.hacp.leader.LeaderElection;
import org.hacp.rpc.RpcService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JobManager: its ResourceManager and Dispatcher endpoints stand by without a token and join
 * the election of their component; on a grant each installs the token on its main thread and
 * only then publishes its address with that token. Close revokes and leaves the elections, so a
 * successor takes over at once; HA data stays.
 */
public final class JobManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);

    private final String id;
    private final ResourceManager resourceManager;
    private final Dispatcher dispatcher;
    private final LeaderElection resourceManagerElection;
    private final LeaderElection dispatcherElection;

    public JobManager(String id, RpcService rpcService, HighAvailabilityServices ha, Duration heartbeatTimeout) {
        this.id = id;
        this.resourceManager = new ResourceManager(rpcService, heartbeatTimeout);
        this.dispatcher = new Dispatcher(rpcService, ha.stateStore("dispatcher"),
                () -> resourceManager.getSelfGateway(ResourceManagerGateway.class));
        resourceManager.start();
        dispatcher.start();
        this.resourceManagerElection = ha.leaderElection("resourcemanager");
        this.dispatcherElection = ha.leaderElection("dispatcher");
        resourceManagerElection.startLeaderElection(contender("resourcemanager", resourceManagerElection, resourceManager,
                resourceManager::grant, resourceManager::revoke));
        dispatcherElection.startLeaderElection(contender("dispatcher", dispatcherElection, dispatcher, dispatcher::grant,
                dispatcher::revoke));
    }

    private LeaderContender contender(String component, LeaderElection election, FencedRpcEndpoint endpoint,
            Function<FencingToken, CompletableFuture<Void>> grant, Runnable revoke) {
        return new LeaderContender() {
            @Override
            public void grantLeadership(FencingToken token) {
                grant.apply(token).thenCompose(ready -> election.confirmLeadership(token, endpoint.getAddress()))
                        .whenComplete((ok, failure) -> {
                            if (failure != null) {
                                LOG.warn("JobManager '{}': {} could not take up epoch {}: {}", id, component, token.epoch(), failure.toString());
                            }
                        });
            }

            @Override
            public void revokeLeadership() {
                revoke.run();
            }

            @Override
            public void handleError(Throwable error) {
                LOG.error("JobManager '{}': election of {} failed", id, component, error);
            }
        };
    }

    public String id() {
        return id;
    }

    public ResourceManager resourceManager() {
        return resourceManager;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    /** Leaves both elections (revoking first), then stops the endpoints. */
    @Override
    public void close() {
        dispatcherElection.close();
        resourceManagerElection.close();
        dispatcher.closeAsync().join();
        resourceManager.closeAsync().join();
    }
}
