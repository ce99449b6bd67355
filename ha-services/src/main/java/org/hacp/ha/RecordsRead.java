package org.hacp.ha;

import java.util.Map;

/**
 * What {@link HaStateStore#getAll} read: the records by key, and the keys whose records could not be
 * read with why (an unknown version, not JSON, a failed read). A key in neither map had no record.
 */
public record RecordsRead<T>(Map<String, T> records, Map<String, Exception> unreadable) {
    public RecordsRead {
        records = Map.copyOf(records);
        unreadable = Map.copyOf(unreadable);
    }
}
