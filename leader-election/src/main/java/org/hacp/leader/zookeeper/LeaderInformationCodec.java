package org.hacp.leader.zookeeper;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeaderRetrievalException;
import org.hacp.protocol.UnreadableRecordException;
import org.hacp.protocol.ZnodeRecords;

/** {@link LeaderInformation} as the versioned JSON record stored in ZooKeeper ({@link ZnodeRecords}). */
final class LeaderInformationCodec {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private LeaderInformationCodec() {}

    static byte[] encode(LeaderInformation info) {
        return ZnodeRecords.write(MAPPER, info);
    }

    static LeaderInformation decode(String path, byte[] bytes) throws LeaderRetrievalException {
        if (bytes == null || bytes.length == 0) {
            throw new LeaderRetrievalException("leader information at " + path + " is empty", null);
        }
        try {
            return ZnodeRecords.read(MAPPER, path, bytes, LeaderInformation.class);
        } catch (UnreadableRecordException e) {
            throw new LeaderRetrievalException("leader information " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new LeaderRetrievalException("leader information at " + path + " is not valid: " + e, e);
        }
    }
}
