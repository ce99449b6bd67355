package org.hacp.cluster.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.hacp.cluster.job.JobRecord;
import org.hacp.cluster.job.JobSpec;
import org.hacp.cluster.jobmaster.JobMaster.JobResult;
import org.hacp.cluster.resourcemanager.TakeoverHistory;
import org.hacp.ha.ClusterVersion;
import org.hacp.ha.MemberCard;
import org.hacp.ha.StateRecords;
import org.hacp.protocol.ProtocolRange;
import org.hacp.protocol.UnreadableRecordException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 31, item 5: every record the cluster keeps in its HA state stores (job records and
 * results, the handover intent, the takeover history) and beside them (member cards, the cluster
 * version) as each protocol version wrote it (under
 * {@code golden/znodes/v<version>/}, and {@code unversioned/} for the releases before versions),
 * read by the current code; and this build still writes the
 * version it writes field for field. Written once per version, never regenerated.
 */
class StateRecordGoldenFilesTest {
    private static final ObjectMapper TREES = new ObjectMapper();

    /**
     * A golden record: its file and the value it holds. {@code unversioned} holds what the releases
     * before versioned records wrote, read as version 1.
     */
    record Golden(String version, String name, Object value) {
        @Override
        public String toString() {
            return version + "/" + name;
        }
    }

    static List<Golden> goldens() {
        return Stream.of("unversioned", "v1")
                .flatMap(version -> values().entrySet().stream()
                        .filter(value -> version.equals("v1") || BEFORE_VERSIONS.contains(value.getKey()))
                        .map(value -> new Golden(version, value.getKey(), value.getValue())))
                .toList();
    }

    /**
     * The records the releases before versions wrote with version 1's fields. Not among them: the
     * intent, which changed its fields before version 1 shipped (see below), and the member card and
     * cluster version, which came with version 1.
     */
    private static final Set<String> BEFORE_VERSIONS = Set.of("job-record", "job-result", "takeover-history");

    /** Version 1's records; the unversioned files hold the same values for {@link #BEFORE_VERSIONS}. */
    private static Map<String, Object> values() {
        return Map.of(
                "job-record",
                new JobRecord("4f9c1e2a7b3d5e6f", new JobSpec("wordcount", 2, 50, 20), List.of(12, 50), false, 7),
                "job-result",
                new JobResult("4f9c1e2a7b3d5e6f", 8, 1796671800123L),
                "handover-intent",
                new PlannedHandover.Intent("jobmanager-2", 2000, 7),
                "takeover-history",
                new TakeoverHistory(List.of(new TakeoverHistory.Entry(
                        8,
                        "jobmanager-2",
                        1796671800123L,
                        Map.of("detected", 212L, "granted", 240L, "published", 251L)))),
                "member-card",
                new MemberCard("jobmanager-2", "jobmanager", new ProtocolRange(1, 1)),
                "cluster-version",
                new ClusterVersion(1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void everyGoldenRecordReadsAsTheValueItHolds(Golden golden) throws Exception {
        assertThat(StateRecords.decode(
                        "/state/test/" + golden.name(),
                        read(golden),
                        golden.value().getClass()))
                .isEqualTo(golden.value());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("goldens")
    void theVersionThisBuildWritesIsWrittenWithTheGoldenFields(Golden golden) throws Exception {
        if (golden.version().equals("v" + ProtocolRange.CURRENT.max())) {
            assertThat(TREES.readTree(StateRecords.encode(golden.value())))
                    .as("a change of %s's fields needs a new protocol version", golden)
                    .isEqualTo(TREES.readTree(read(golden)));
        }
    }

    /**
     * The releases before versions wrote the handover intent with a wall-clock deadline, which
     * this release no longer compares across processes (issue 33): such an intent is refused by
     * name, and a JobManager granted leadership then does not step aside for it.
     */
    @Test
    void anIntentOfAReleaseBeforeVersionsIsRefusedNamingItsDeadline() {
        assertThatThrownBy(() -> StateRecords.decode(
                        "/state/dispatcher/handover-intent",
                        read(new Golden("unversioned", "handover-intent", null)),
                        PlannedHandover.Intent.class))
                .isInstanceOf(UnreadableRecordException.class)
                .hasMessageContaining("\"untilMillis\"");
    }

    private static byte[] read(Golden golden) throws IOException {
        String resource = "/golden/znodes/" + golden.version() + "/" + golden.name() + ".json";
        try (InputStream in = StateRecordGoldenFilesTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        }
    }
}
