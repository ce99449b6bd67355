package org.hacp.cluster.taskexecutor;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hacp.cluster.job.TaskDeployment;
import org.hacp.fencing.FencedRpcGateway;
import org.hacp.fencing.FencingToken;
import org.hacp.fencing.Unfenced;

/**
 * Commands to a TaskExecutor. It is fenced with the token of the ResourceManager leader it is
 * registered with, so commands from any other (deposed) leader are rejected and counted.
 */
public interface TaskExecutorGateway extends FencedRpcGateway {

    /** Starts a task; fails when no slot is free. */
    CompletableFuture<Boolean> deployTask(TaskDeployment deployment);

    /**
     * The ResourceManager leader's side of the heartbeat: it is alive and still leads at the call's
     * epoch. Answered, so a deposed leader learns from the STALE refusal which epoch is followed.
     */
    CompletableFuture<Boolean> heartbeatFromResourceManager();

    /** Stops a task if it runs. */
    void cancelTask(String taskId);

    /**
     * A ResourceManager granted leadership a moment ago announces itself, ahead of ZooKeeper's watch
     * (issue 16). Followed only when its epoch is above every epoch this TaskExecutor has followed;
     * otherwise ignored. ZooKeeper retrieval stays the authority: a later leader it reports wins.
     */
    @Unfenced
    void leaderAnnounced(String address, FencingToken token);

    /** The tasks running now, answered whoever asks. */
    @Unfenced
    CompletableFuture<List<String>> runningTasks();
}
