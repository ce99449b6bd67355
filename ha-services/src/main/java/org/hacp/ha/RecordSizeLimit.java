package org.hacp.ha;

import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * The largest record a state store writes to one znode, the count of writes it refused and the
 * largest record it let through (issue 32): a znode past ZooKeeper's {@code jute.maxbuffer} (1 MiB by default) can no longer be
 * read, and a leader that must read it fails in a loop (Apache Fluss #4335). One per HA services
 * instance, shared by its stores. Thread-safe.
 */
public final class RecordSizeLimit {
    /** The configuration key of the limit. */
    public static final String KEY = "hacp.ha.zookeeper.max-record-size";

    static final long MIN_BYTES = 1024;
    /** Below 1 MiB with room for the transaction's checks around the write. */
    static final long MAX_BYTES = 960 * 1024;

    private final long maxBytes;
    private final LongAdder refused = new LongAdder();
    private final LongAccumulator largest = new LongAccumulator(Math::max, 0);

    public RecordSizeLimit(long maxBytes) {
        if (maxBytes < MIN_BYTES || maxBytes > MAX_BYTES) {
            throw new IllegalArgumentException(
                    KEY + " = " + maxBytes + " bytes is out of range: allowed " + MIN_BYTES + " .. " + MAX_BYTES);
        }
        this.maxBytes = maxBytes;
    }

    /** The default limit ({@code reference.conf}). */
    public static RecordSizeLimit defaults() {
        return new RecordSizeLimit(HaConfig.defaults().maxRecordBytes());
    }

    /**
     * {@code value} as the record to write at {@code path}.
     *
     * @throws RecordTooLargeException if the record is larger than the limit; counted
     */
    public byte[] encode(String path, Object value) throws RecordTooLargeException {
        byte[] bytes = StateRecords.encode(value);
        if (bytes.length > maxBytes) {
            refused.increment();
            throw new RecordTooLargeException(path, bytes.length, maxBytes);
        }
        largest.accumulate(bytes.length);
        return bytes;
    }

    /** The limit, in bytes: of one record, and of the records of one batched transaction. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The largest record let through so far, in bytes: how close the stores come to the limit. */
    public long largestBytes() {
        return largest.get();
    }

    /** Writes refused so far for their size. */
    public long refused() {
        return refused.sum();
    }
}
