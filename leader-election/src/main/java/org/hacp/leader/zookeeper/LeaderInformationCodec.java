package org.hacp.leader.zookeeper;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeaderRetrievalException;

/** {@link LeaderInformation} as the JSON stored in ZooKeeper. */
final class LeaderInformationCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private LeaderInformationCodec() {}

    static byte[] encode(LeaderInformation info) {
        try {
            return MAPPER.writeValueAsBytes(info);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode leader information " + info, e);
        }
    }

    static LeaderInformation decode(String path, byte[] bytes) throws LeaderRetrievalException {
        if (bytes == null || bytes.length == 0) {
            throw new LeaderRetrievalException("leader information at " + path + " is empty", null);
        }
        try {
            LeaderInformation info = MAPPER.readValue(bytes, LeaderInformation.class);
            if (info == null) {
                throw new LeaderRetrievalException("leader information at " + path + " is JSON null", null);
            }
            return info;
        } catch (IOException | RuntimeException e) {
            String first =
                    e.getMessage() == null ? e.toString() : e.getMessage().split("\n", 2)[0];
            throw new LeaderRetrievalException("leader information at " + path + " is not valid: " + first, e);
        }
    }
}
