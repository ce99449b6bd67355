package org.hacp.cluster.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hacp.cluster.job.JobStatus;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway.RegisteredTaskExecutor;
import org.hacp.cluster.status.JobManagerStatus.ComponentStatus;
import org.hacp.cluster.status.JobManagerStatus.Role;
import org.hacp.protocol.ProtocolRange;
import org.junit.jupiter.api.Test;

/**
 * The status snapshot as operators' scripts read it ({@code /status}) and as the page shows it
 * (issue 29 item 2): names and order of the JSON document are what the map-built page served
 * before the snapshot became a record.
 */
class JobManagerStatusTest {
    private static Map<String, Long> rejections(long total, long highest) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("total", total);
        counts.put("NOT_LEADER", total);
        counts.put("highestRejectedEpoch", highest);
        return counts;
    }

    private static JobManagerStatus leaderOfTheDispatcherOnly(String jobId) {
        Map<String, ComponentStatus> components = new LinkedHashMap<>();
        components.put(
                "dispatcher",
                new ComponentStatus(
                        true, 7L, "#0a1b2c3d", "pekko://hacp@127.0.0.1:1/user/rpc/dispatcher", rejections(0, -1)));
        components.put(
                "resourcemanager",
                new ComponentStatus(
                        false, null, null, "pekko://hacp@127.0.0.1:1/user/rpc/resourcemanager", rejections(2, 6)));
        return new JobManagerStatus(
                "jobmanager-1",
                new ProtocolRange(1, 2),
                components,
                List.of(new RegisteredTaskExecutor(
                        "taskexecutor-1", "pekko://te", 2, List.of("t-0"), 40, new ProtocolRange(1, 1))),
                List.of(new JobStatus(jobId, "word-count", 4, 10, 160, false)),
                Map.of("job-9", "not JSON"));
    }

    @Test
    void theJsonDocumentKeepsItsNamesAndOrder() throws Exception {
        String json = new ObjectMapper().writeValueAsString(leaderOfTheDispatcherOnly("word-count-1"));

        assertThat(json)
                .isEqualTo("{\"process\":\"jobmanager-1\",\"role\":\"leader\","
                        + "\"protocols\":{\"min\":1,\"max\":2},\"components\":{"
                        + "\"dispatcher\":{\"leader\":true,\"epoch\":7,\"session\":\"#0a1b2c3d\","
                        + "\"address\":\"pekko://hacp@127.0.0.1:1/user/rpc/dispatcher\","
                        + "\"fencingRejections\":{\"total\":0,\"NOT_LEADER\":0,\"highestRejectedEpoch\":-1}},"
                        + "\"resourcemanager\":{\"leader\":false,\"epoch\":null,\"session\":null,"
                        + "\"address\":\"pekko://hacp@127.0.0.1:1/user/rpc/resourcemanager\","
                        + "\"fencingRejections\":{\"total\":2,\"NOT_LEADER\":2,\"highestRejectedEpoch\":6}}},"
                        + "\"taskExecutors\":[{\"taskExecutorId\":\"taskexecutor-1\",\"address\":\"pekko://te\","
                        + "\"slots\":2,\"runningTasks\":[\"t-0\"],\"millisSinceHeartbeat\":40,"
                        + "\"protocols\":{\"min\":1,\"max\":1}}],"
                        + "\"jobs\":[{\"jobId\":\"word-count-1\",\"name\":\"word-count\",\"tasks\":4,"
                        + "\"ticksCompleted\":10,\"totalTicks\":160,\"finished\":false}],"
                        + "\"unreadableJobRecords\":{\"job-9\":\"not JSON\"}}");
    }

    @Test
    void aProcessLeadsWhenAnyOfItsComponentsLeads() {
        JobManagerStatus status = leaderOfTheDispatcherOnly("j");
        assertThat(status.role()).isEqualTo(Role.LEADER);

        Map<String, ComponentStatus> none = new LinkedHashMap<>();
        status.components()
                .forEach((id, c) ->
                        none.put(id, new ComponentStatus(false, null, null, c.address(), c.fencingRejections())));
        assertThat(new JobManagerStatus("jm", ProtocolRange.CURRENT, none, List.of(), List.of(), Map.of()).role())
                .isEqualTo(Role.FOLLOWER);
    }

    @Test
    void thePageEscapesEveryValue() {
        String page = StatusPage.render(leaderOfTheDispatcherOnly("<script>alert(1)</script>"));

        assertThat(page).doesNotContain("<script>").contains("&lt;script&gt;alert(1)&lt;/script&gt;");
        assertThat(page).contains("<span class=\"leader\">leader</span>", "10 / 160", "not JSON");
    }

    @Test
    void thePageShowsTheProtocolVersionsOfTheJobManagerAndOfEachTaskExecutor() {
        String page = StatusPage.render(leaderOfTheDispatcherOnly("j"));

        assertThat(page).contains("<p>protocol 1..2</p>").contains("<td>2</td><td>1..1</td>");
    }
}
