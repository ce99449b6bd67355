package org.hacp.ha;

import java.util.List;

/**
 * What {@link HaStateStore#putAll} did.
 *
 * @param transactions the fenced transactions it took (one per {@link RecordSizeLimit}'s worth of records)
 * @param refused the records it refused for their size, each naming its path and the limit; every
 *     other record was written
 */
public record StoredBatch(int transactions, List<RecordTooLargeException> refused) {
    public StoredBatch {
        refused = List.copyOf(refused);
    }
}
