package org.hacp.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The project's znode records: a JSON object whose first field {@code "v"} names the protocol
 * version that wrote it, followed by the record's own fields (issue 31). Thread-safe.
 *
 * <p>The rule for fields: a reader refuses a record of a version outside {@link
 * ProtocolRange#CURRENT}, and within a version it refuses a field it does not know. A writer that
 * adds a field therefore needs a new version, and a reader never silently drops what a newer
 * writer meant; two releases share records only in a version both read.
 *
 * <p>A record without the field was written by a release before versions (before issue 31) with
 * version 1's fields, and is read as version 1 while this build reads 1: a cluster of such a
 * release moves to this one by a full stop and start and keeps its jobs and epochs.
 */
public final class ZnodeRecords {
    /** The field that names the version. */
    public static final String VERSION_FIELD = "v";

    private ZnodeRecords() {}

    /**
     * {@code value}'s fields after the version this build writes, {@link ProtocolRange#CURRENT}'s
     * highest (the only one so far).
     *
     * @throws IllegalArgumentException if {@code value} is not written as a JSON object
     */
    public static byte[] write(ObjectMapper mapper, Object value) {
        JsonNode fields = mapper.valueToTree(value);
        if (!(fields instanceof ObjectNode object)) {
            throw new IllegalArgumentException("a znode record must be a JSON object, not " + fields.getNodeType()
                    + " (" + value.getClass() + ")");
        }
        ObjectNode record = mapper.createObjectNode();
        record.put(VERSION_FIELD, ProtocolRange.CURRENT.max());
        record.setAll(object);
        try {
            return mapper.writeValueAsBytes(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot encode the record " + value + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * The record at {@code path} as {@code type}.
     *
     * @throws UnreadableRecordException naming the path and what is wrong: not JSON, no version, a
     *     version outside the range this build reads, a field this build does not know
     */
    public static <T> T read(ObjectMapper mapper, String path, byte[] bytes, Class<T> type)
            throws UnreadableRecordException {
        if (bytes == null || bytes.length == 0) {
            throw new UnreadableRecordException(path, "empty", null);
        }
        JsonNode tree;
        try {
            tree = mapper.reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(bytes);
        } catch (IOException e) {
            throw new UnreadableRecordException(path, "not JSON: " + DecoderMessages.firstLine(e.getMessage()), e);
        }
        if (!(tree instanceof ObjectNode record)) {
            throw new UnreadableRecordException(path, "not a JSON object", null);
        }
        JsonNode version = record.remove(VERSION_FIELD);
        if (version == null && !ProtocolRange.CURRENT.contains(1)) {
            throw new UnreadableRecordException(
                    path,
                    "no version field '" + VERSION_FIELD + "': written before versioned records, in version 1's"
                            + " fields; this build reads " + ProtocolRange.CURRENT,
                    null);
        }
        if (version != null && (!version.isInt() || !ProtocolRange.CURRENT.contains(version.intValue()))) {
            throw new UnreadableRecordException(
                    path,
                    "written in protocol version " + version + "; this build reads " + ProtocolRange.CURRENT,
                    null);
        }
        try {
            T value = mapper.readerFor(type)
                    .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(record);
            if (value == null) {
                throw new UnreadableRecordException(path, "empty", null);
            }
            return value;
        } catch (IOException | IllegalArgumentException e) {
            if (e instanceof UnreadableRecordException u) {
                throw u;
            }
            throw new UnreadableRecordException(
                    path, "not a " + type.getSimpleName() + ": " + DecoderMessages.firstLine(e.getMessage()), e);
        }
    }
}
