package org.hacp.ha;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.hacp.protocol.UnreadableRecordException;
import org.hacp.protocol.ZnodeRecords;

/**
 * How every {@link HaStateStore} keeps its values: versioned JSON records ({@link ZnodeRecords})
 * written and read with one mapper, so the ZooKeeper store, the embedded one and the golden-file
 * tests of the records (issue 31) cannot disagree. Thread-safe.
 */
public final class StateRecords {
    private static final ObjectMapper MAPPER = new ObjectMapper().findAndRegisterModules();

    private StateRecords() {}

    /** {@code value} as the record a store keeps. */
    public static byte[] encode(Object value) {
        return ZnodeRecords.write(MAPPER, value);
    }

    /** The record at {@code path} as {@code type}. */
    public static <T> T decode(String path, byte[] bytes, Class<T> type) throws UnreadableRecordException {
        return ZnodeRecords.read(MAPPER, path, bytes, type);
    }
}
