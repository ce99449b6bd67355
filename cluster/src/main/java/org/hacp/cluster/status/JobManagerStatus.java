package org.hacp.cluster.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.Component;
import org.hacp.cluster.dispatcher.Dispatcher;
import org.hacp.cluster.dispatcher.DispatcherGateway;
import org.hacp.cluster.job.JobStatus;
import org.hacp.cluster.jobmanager.JobManager;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway.RegisteredTaskExecutor;
import org.hacp.fencing.FencedRpcEndpoint;
import org.hacp.fencing.FencingRejections;
import org.hacp.fencing.FencingToken;
import org.hacp.protocol.ProtocolRange;

/**
 * What a JobManager's status page shows, read once (issue 29 item 2: a typed snapshot instead of a
 * map read back with casts). Its JSON is the {@code /status} document.
 *
 * @param process the JobManager's id
 * @param protocols the protocol versions this JobManager speaks (issue 31)
 * @param components each component of the JobManager by id, the Dispatcher first
 * @param taskExecutors TaskExecutors registered with this process's ResourceManager (none when it
 *     did not answer within 2 s)
 * @param jobs jobs of this process's Dispatcher while it leads (none otherwise, or when it did not
 *     answer within 2 s)
 * @param unreadableJobRecords job-store keys skipped at recovery, with why
 */
@JsonPropertyOrder({"process", "role", "protocols", "components", "taskExecutors", "jobs", "unreadableJobRecords"})
public record JobManagerStatus(
        String process,
        ProtocolRange protocols,
        Map<String, ComponentStatus> components,
        List<RegisteredTaskExecutor> taskExecutors,
        List<JobStatus> jobs,
        Map<String, String> unreadableJobRecords) {

    private static final long ANSWER_SECONDS = 2;

    /** Leader if any of its components leads. */
    public enum Role {
        LEADER,
        FOLLOWER;

        @JsonValue
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One component's fenced endpoint.
     *
     * @param epoch the epoch of its token, null when it does not lead
     * @param session "#" and the token's fingerprint, null when it does not lead
     * @param fencingRejections the total, each reason's count and the highest rejected epoch, in
     *     that order
     */
    @JsonPropertyOrder({"leader", "epoch", "session", "address", "fencingRejections"})
    public record ComponentStatus(
            boolean leader, Long epoch, String session, String address, Map<String, Long> fencingRejections) {

        static ComponentStatus of(FencedRpcEndpoint endpoint) {
            FencingToken token = endpoint.getFencingToken();
            FencingRejections rejections = endpoint.getFencingRejections();
            Map<String, Long> counts = new LinkedHashMap<>();
            counts.put("total", rejections.total());
            rejections.byReason().forEach((reason, n) -> counts.put(reason.name(), n));
            counts.put("highestRejectedEpoch", rejections.highestRejectedEpoch());
            return new ComponentStatus(
                    token != null,
                    token == null ? null : token.epoch(),
                    token == null ? null : "#" + token.fingerprint(),
                    endpoint.getAddress(),
                    counts);
        }
    }

    public JobManagerStatus {
        components = Collections.unmodifiableMap(new LinkedHashMap<>(components));
        taskExecutors = List.copyOf(taskExecutors);
        jobs = List.copyOf(jobs);
        unreadableJobRecords = Collections.unmodifiableMap(new LinkedHashMap<>(unreadableJobRecords));
    }

    /** Reads {@code jobManager} now: its endpoints' tokens, then its ResourceManager and Dispatcher (2 s each). */
    public static JobManagerStatus of(JobManager jobManager) {
        Dispatcher dispatcher = jobManager.dispatcher();
        Map<String, ComponentStatus> components = new LinkedHashMap<>();
        components.put(Component.DISPATCHER.id(), ComponentStatus.of(dispatcher));
        components.put(Component.RESOURCE_MANAGER.id(), ComponentStatus.of(jobManager.resourceManager()));
        List<RegisteredTaskExecutor> taskExecutors;
        try {
            taskExecutors = jobManager
                    .resourceManager()
                    .getSelfGateway(ResourceManagerGateway.class)
                    .status()
                    .get(ANSWER_SECONDS, TimeUnit.SECONDS)
                    .taskExecutors();
        } catch (Exception e) {
            taskExecutors = List.of();
        }
        List<JobStatus> jobs = List.of();
        if (dispatcher.getFencingToken() != null) {
            try {
                jobs = dispatcher
                        .getSelfGateway(DispatcherGateway.class)
                        .listJobs()
                        .get(ANSWER_SECONDS, TimeUnit.SECONDS);
            } catch (Exception e) {
                // leadership moving; show none
            }
        }
        return new JobManagerStatus(
                jobManager.id(),
                ProtocolRange.CURRENT,
                components,
                taskExecutors,
                jobs,
                dispatcher.unreadableJobRecords());
    }

    /** {@code leader} if any component leads. */
    @JsonProperty("role")
    public Role role() {
        return components.values().stream().anyMatch(ComponentStatus::leader) ? Role.LEADER : Role.FOLLOWER;
    }
}
