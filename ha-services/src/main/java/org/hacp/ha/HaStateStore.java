package org.hacp.ha;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hacp.fencing.FencingToken;
import org.hacp.protocol.UnreadableRecordException;

/**
 * A component's HA state: versioned JSON records under keys ({@link StateRecords}: the values are
 * written as JSON objects after their protocol version). Reads are open to anyone; every write names
 * the writer's token and succeeds only while that token is the component's current leadership,
 * checked by ZooKeeper in the same transaction as the write, so a deposed leader's write fails
 * with {@link org.hacp.leader.LeadershipLostException} and changes nothing.
 */
public interface HaStateStore {

    /** Writes {@code value} (any value Jackson writes as a JSON object) under {@code key}. */
    void put(FencingToken writer, String key, Object value) throws Exception;

    /**
     * Writes every value of {@code values} (key to value), in as few fenced transactions as
     * {@link RecordSizeLimit} allows: each transaction carries the leadership checks and at most the
     * limit's bytes of records, and is all or nothing. A record over the limit is refused and named
     * in the result; the others are still written. Issue 32: a leader checkpoints all its jobs of
     * one interval this way, so its writes per second do not grow with its jobs. Default: one
     * {@link #put} per value.
     *
     * @throws org.hacp.leader.LeadershipLostException when {@code writer} no longer leads; the
     *     transactions before the refused one are written, none after it
     */
    default StoredBatch putAll(FencingToken writer, Map<String, ?> values) throws Exception {
        List<RecordTooLargeException> refused = new ArrayList<>();
        int transactions = 0;
        for (Map.Entry<String, ?> e : values.entrySet()) {
            try {
                put(writer, e.getKey(), e.getValue());
                transactions++;
            } catch (RecordTooLargeException tooLarge) {
                refused.add(tooLarge);
            }
        }
        return new StoredBatch(transactions, refused);
    }

    /**
     * Writes {@code value} under a {@code key} that must not exist yet, so a record is never
     * overwritten by another's (a job id that collided would have replaced the other job's record,
     * FLINK-19358, issue 30).
     *
     * @throws StateKeyExistsException when the key exists; nothing is written
     */
    void create(FencingToken writer, String key, Object value) throws Exception;

    /**
     * Reads the value under {@code key} as {@code type}.
     *
     * @throws UnreadableRecordException naming the key's path and why (a version
     *     this build does not read, a field it does not know, not JSON)
     */
    <T> Optional<T> get(String key, Class<T> type) throws Exception;

    /**
     * Reads the records of {@code keys} as {@code type}, without one round trip each where the
     * store can (issue 32: a new leader reads every job record at once). Default: one {@link #get}
     * per key.
     */
    default <T> RecordsRead<T> getAll(Collection<String> keys, Class<T> type) throws Exception {
        Map<String, T> records = new HashMap<>();
        Map<String, Exception> unreadable = new HashMap<>();
        for (String key : keys) {
            try {
                get(key, type).ifPresent(value -> records.put(key, value));
            } catch (UnreadableRecordException e) {
                unreadable.put(key, e);
            }
        }
        return new RecordsRead<>(records, unreadable);
    }

    /** Removes {@code key}; absent keys are fine. */
    void delete(FencingToken writer, String key) throws Exception;

    /** The keys present, sorted. */
    List<String> keys() throws Exception;

    /**
     * The keys as a watch last saw them, sorted, for reading ahead of {@link #keys}: possibly stale
     * (a change may be on its way), never waited on after the first call, which starts the watch and
     * lists the store. Default: {@link #keys}.
     */
    default List<String> keysSeen() throws Exception {
        return keys();
    }
}
