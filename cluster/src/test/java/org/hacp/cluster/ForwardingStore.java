package org.hacp.cluster;

import java.util.List;
import java.util.Optional;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.HaStateStore;

/**
 * A real store passed through; a test overrides what it bends or watches. The bulk methods are the
 * interface's defaults, one {@code put} or {@code get} each, so bending those bends them too.
 */
public class ForwardingStore implements HaStateStore {
    private final HaStateStore store;

    public ForwardingStore(HaStateStore store) {
        this.store = store;
    }

    @Override
    public void put(FencingToken writer, String key, Object value) throws Exception {
        store.put(writer, key, value);
    }

    @Override
    public void create(FencingToken writer, String key, Object value) throws Exception {
        store.create(writer, key, value);
    }

    @Override
    public <T> Optional<T> get(String key, Class<T> type) throws Exception {
        return store.get(key, type);
    }

    @Override
    public void delete(FencingToken writer, String key) throws Exception {
        store.delete(writer, key);
    }

    @Override
    public List<String> keys() throws Exception {
        return store.keys();
    }

    @Override
    public List<String> keysSeen() throws Exception {
        return store.keysSeen();
    }
}
