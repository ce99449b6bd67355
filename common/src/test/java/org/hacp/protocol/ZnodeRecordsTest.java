package org.hacp.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 31: znode records say which protocol version wrote them, and readers hold to their range. */
class ZnodeRecordsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PATH = "/state/dispatcher/job-1";

    record Job(String name, int tasks) {}

    @Test
    void aRecordIsItsVersionFirstThenItsFields() {
        String written = new String(ZnodeRecords.write(MAPPER, new Job("a", 2)), StandardCharsets.UTF_8);
        assertThat(written).isEqualTo("{\"v\":" + ProtocolRange.CURRENT.max() + ",\"name\":\"a\",\"tasks\":2}");
    }

    @Test
    void aRecordOfAVersionThisBuildReadsComesBackAsItWasWritten() throws Exception {
        assertThat(ZnodeRecords.read(MAPPER, PATH, ZnodeRecords.write(MAPPER, new Job("a", 2)), Job.class))
                .isEqualTo(new Job("a", 2));
    }

    @Test
    void aRecordOfAVersionOutsideTheRangeIsRefusedNamingTheVersionTheRangeAndThePath() {
        int newer = ProtocolRange.CURRENT.max() + 1;
        assertThatThrownBy(() -> read("{\"v\":" + newer + ",\"name\":\"a\",\"tasks\":2}"))
                .isInstanceOf(UnreadableRecordException.class)
                .hasMessageContaining(PATH)
                .hasMessageContaining("written in protocol version " + newer)
                .hasMessageContaining("this build reads " + ProtocolRange.CURRENT);
        assertThatThrownBy(() -> read("{\"v\":\"1\",\"name\":\"a\",\"tasks\":2}"))
                .hasMessageContaining("written in protocol version \"1\"");
    }

    @Test
    void aFieldThisBuildDoesNotKnowIsRefusedNamingIt() {
        assertThatThrownBy(() -> read("{\"v\":1,\"name\":\"a\",\"tasks\":2,\"colour\":\"red\"}"))
                .isInstanceOf(UnreadableRecordException.class)
                .hasMessageContaining(PATH)
                .hasMessageContaining("not a Job")
                .hasMessageContaining("\"colour\"");
    }

    @Test
    void aRecordWithoutVersionWasWrittenBeforeVersionsInVersion1sFields() throws Exception {
        assertThat(read("{\"name\":\"a\",\"tasks\":2}")).isEqualTo(new Job("a", 2));
        assertThatThrownBy(() -> read("{\"name\":\"a\",\"tasks\":2,\"colour\":\"red\"}"))
                .hasMessageContaining("\"colour\"");
    }

    @Test
    void bytesThatAreNoRecordAreRefusedSayingWhatTheyAre() {
        for (List<String> bad : List.of(
                List.of("", "empty"),
                List.of("not json {", "not JSON"),
                List.of("[1,2]", "not a JSON object"),
                List.of("{\"v\":1} trailing", "not JSON"))) {
            assertThatThrownBy(() -> read(bad.get(0)))
                    .as(bad.get(0))
                    .isInstanceOf(UnreadableRecordException.class)
                    .hasMessageContaining(PATH)
                    .hasMessageContaining(bad.get(1));
        }
    }

    @Test
    void aValueThatIsNoJsonObjectIsNotWritten() {
        assertThatThrownBy(() -> ZnodeRecords.write(MAPPER, "text"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be a JSON object");
    }

    @Test
    void rangesAgreeOnTheirHighestCommonVersionOrOnNone() {
        assertThat(new ProtocolRange(1, 3).highestCommon(new ProtocolRange(2, 5)))
                .hasValue(3);
        assertThat(new ProtocolRange(1, 1).highestCommon(new ProtocolRange(2, 5)))
                .isEmpty();
        assertThat(new ProtocolRange(4, 6).highestCommon(new ProtocolRange(1, 4)))
                .hasValue(4);
        assertThatThrownBy(() -> new ProtocolRange(3, 2)).hasMessageContaining("3..2");
        assertThatThrownBy(() -> new ProtocolRange(0, 1)).hasMessageContaining("0..1");
    }

    private static Job read(String bytes) throws UnreadableRecordException {
        return ZnodeRecords.read(MAPPER, PATH, bytes.getBytes(StandardCharsets.UTF_8), Job.class);
    }
}
