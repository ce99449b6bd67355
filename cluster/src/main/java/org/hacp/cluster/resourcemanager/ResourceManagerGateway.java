package org.hacp.cluster.resourcemanager;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.hacp.cluster.job.TaskDeployment;
import org.hacp.fencing.FencedRpcGateway;
import org.hacp.fencing.Unfenced;
import org.hacp.protocol.ProtocolRange;
import org.hacp.rpc.EndpointAddresses;

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

    /**
     * A TaskExecutor tells a ResourceManager, standby or leader, where it is, so that the
     * ResourceManager announces itself to it the moment it is granted leadership, ahead of
     * ZooKeeper's watch (issue 16). Remembered across leaderships, at most
     * {@link TaskExecutorContact#MAX_KNOWN}; changes nothing a leader decides.
     */
    @Unfenced
    void introduceTaskExecutor(TaskExecutorContact contact);

    /** Where a TaskExecutor is, as it introduces itself; checked when decoded, as a registration is. */
    record TaskExecutorContact(String taskExecutorId, String address) {
        public static final int MAX_KNOWN = 10_000;

        public TaskExecutorContact {
            TaskExecutorRegistration.requireId(taskExecutorId);
            EndpointAddresses.require(address, "TaskExecutor address");
        }
    }

    /**
     * A TaskExecutor as it registers. Checked when it is made, so a peer's registration is refused
     * while it is decoded (a fake TaskExecutor with 2^31 slots and an address of its choosing was
     * once accepted and dialled: issue 12).
     *
     * @param protocols the protocol versions the TaskExecutor speaks (issue 31)
     */
    record TaskExecutorRegistration(
            String taskExecutorId, String address, int slots, List<String> runningTasks, ProtocolRange protocols) {
        public static final int MAX_SLOTS = 1000;
        public static final int MAX_RUNNING = 10_000;

        public TaskExecutorRegistration {
            requireId(taskExecutorId);
            EndpointAddresses.require(address, "TaskExecutor address");
            if (slots < 1 || slots > MAX_SLOTS) {
                throw new IllegalArgumentException("slots = " + slots + " is out of range: allowed 1 .. " + MAX_SLOTS);
            }
            if (runningTasks == null || runningTasks.size() > MAX_RUNNING) {
                throw new IllegalArgumentException("running tasks: at most " + MAX_RUNNING);
            }
            runningTasks = List.copyOf(runningTasks);
            if (protocols == null) {
                throw new IllegalArgumentException("a registration must name the protocol versions it speaks");
            }
        }

        static void requireId(String taskExecutorId) {
            if (taskExecutorId == null || !taskExecutorId.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")) {
                throw new IllegalArgumentException("TaskExecutor id '" + taskExecutorId + "' is not allowed");
            }
        }
    }

    /** One registered TaskExecutor, with the protocol versions it speaks. */
    record RegisteredTaskExecutor(
            String taskExecutorId,
            String address,
            int slots,
            List<String> runningTasks,
            long millisSinceHeartbeat,
            ProtocolRange protocols) {}

    /**
     * What the unfenced status call tells anyone: the epoch it leads at (-1 when it does not), never
     * its token (issue 12), and its TaskExecutors.
     */
    record ResourceManagerStatus(long epoch, List<RegisteredTaskExecutor> taskExecutors) {}
}
