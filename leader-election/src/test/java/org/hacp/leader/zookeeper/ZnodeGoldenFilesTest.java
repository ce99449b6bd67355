package org.hacp.leader.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.zookeeper.takeover.SessionCard;
import org.hacp.protocol.ProtocolRange;
import org.junit.jupiter.api.Test;

/**
 * Issue 31, item 5: the election's znode records as each protocol version wrote them (under
 * {@code golden/znodes/v<version>/}, and {@code unversioned/} for the releases before versions),
 * read by the current code; and this build still writes the
 * version it writes field for field. Golden files are written once, when their version ships,
 * and never regenerated: a change that cannot read one fails here.
 */
class ZnodeGoldenFilesTest {
    private static final ObjectMapper TREES = new ObjectMapper();

    @Test
    void leaderInformationOfVersion1() throws Exception {
        byte[] golden = read("v1", "leader-information.json");
        LeaderInformation expected = new LeaderInformation(
                "resourcemanager",
                "pekko://hacp@10.77.0.11:6123/user/rpc/resourcemanager",
                UUID.fromString("6f1c2a4e-8d3b-4c57-9e21-0a4b5c6d7e8f"),
                7,
                Instant.parse("2026-12-07T19:30:00.123Z"));
        assertThat(LeaderInformationCodec.decode("/leader/resourcemanager/connection_info", golden))
                .isEqualTo(expected);
        assertThat(LeaderInformationCodec.decode(
                        "/leader/resourcemanager/connection_info", read("unversioned", "leader-information.json")))
                .isEqualTo(expected);
        assertWrittenAs(1, LeaderInformationCodec.encode(expected), golden);
    }

    @Test
    void epochCounterOfVersion1() throws Exception {
        byte[] golden = read("v1", "epoch.json");
        assertThat(EpochCounter.decode("/leader/resourcemanager/epoch", golden)).isEqualTo(41);
        assertThat(EpochCounter.next("/leader/resourcemanager/epoch", golden)).isEqualTo(42);
        // Before versioned records the counter was the bare number.
        assertThat(EpochCounter.next("/leader/resourcemanager/epoch", read("unversioned", "epoch.txt")))
                .isEqualTo(42);
        assertWrittenAs(1, EpochCounter.encode(41), golden);
    }

    @Test
    void sessionCardOfVersion1() throws Exception {
        byte[] golden = read("v1", "session-card.json");
        SessionCard expected = new SessionCard(
                "jobmanager-1",
                72339069014638593L,
                Base64.getEncoder().encodeToString("secret-password".getBytes(StandardCharsets.US_ASCII)),
                "10.77.0.11",
                6123);
        assertThat(SessionCard.decode("/leader/sessions/0x100000000000001", golden))
                .isEqualTo(expected);
        assertWrittenAs(1, expected.encode(), golden);
    }

    /** The version this build writes is written with the golden file's fields and values (in any order). */
    private static void assertWrittenAs(int version, byte[] written, byte[] golden) throws IOException {
        if (version == ProtocolRange.CURRENT.max()) {
            assertThat(TREES.readTree(written)).isEqualTo(TREES.readTree(golden));
        }
    }

    /** A golden file of {@code v<version>/}, or of {@code unversioned/} (the releases before versions). */
    private static byte[] read(String version, String file) throws IOException {
        String resource = "/golden/znodes/" + version + "/" + file;
        try (InputStream in = ZnodeGoldenFilesTest.class.getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            return in.readAllBytes();
        }
    }
}
