package org.hacp.cluster.resourcemanager;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hacp.cluster.job.TaskDeployment;
import org.hacp.fencing.FencedRpcGateway;
import org.hacp.fencing.Unfenced;

/** The leader's TaskExecutor registry and slot placement. */
public interface ResourceManagerGateway extends FencedRpcGateway {

    /** A TaskExecutor (re-)registers, reporting the tasks it still runs. */
    CompletableFuture<Boolean> registerTaskExecutor(TaskExecutorRegistration registration);

    /** A TaskExecutor's heartbeat; false means "unknown here: register again". */
    CompletableFuture<Boolean> heartbeatFromTaskExecutor(String taskExecutorId, List<String> runningTasks);

    /** Places {@code deployment} on a TaskExecutor with a free slot and deploys it; returns that TaskExecutor's id. */
    CompletableFuture<String> deployTask(TaskDeployment deployment);

    /** Registered TaskExecutors and the current token, answered by followers too. */
    @Unfenced
    CompletableFuture<ResourceManagerStatus> status();

    /** A TaskExecutor as it registers. */
    record TaskExecutorRegistration(String taskExecutorId, String address, int slots, List<String> runningTasks) {}

    /** One registered TaskExecutor. */
    record RegisteredTaskExecutor(
            String taskExecutorId, String address, int slots, List<String> runningTasks, long millisSinceHeartbeat) {}

    /** The registry as status pages show it; token null on a follower. */
    /**
     * What the unfenced status call tells anyone: the epoch it leads at (-1 when it does not), never
     * its token (issue 12), and its TaskExecutors.
     */
    record ResourceManagerStatus(long epoch, List<RegisteredTaskExecutor> taskExecutors) {}
}
