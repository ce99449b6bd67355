package org.hacp.ha.zookeeper;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.apache.curator.drivers.AdvancedTracerDriver;
import org.apache.curator.drivers.EventTrace;
import org.apache.curator.drivers.OperationTrace;

/**
 * This process's ZooKeeper operations by kind and the watches they set, as Curator traces every
 * operation it completes (issue 32: writes per second must not grow with the number of jobs).
 * Bytes are not counted here: Curator's trace of a multi (every fenced write) carries no request
 * size; the state stores' record sizes are {@code RecordSizeLimit}'s.
 * Installed as the client's tracer driver by {@link ZooKeeperHaServices}. Thread-safe: Curator
 * calls it on whichever thread completed an operation; readers see counts that only grow.
 */
public final class ZooKeeperOperations extends AdvancedTracerDriver {
    /** What an operation did; the label of its metric. */
    public enum Kind {
        CREATE("create", "CreateBuilderImpl"),
        SET_DATA("set_data", "SetDataBuilderImpl"),
        DELETE("delete", "DeleteBuilderImpl"),
        MULTI("multi", "CuratorMultiTransactionImpl"),
        GET_DATA("get_data", "GetDataBuilderImpl"),
        EXISTS("exists", "ExistsBuilderImpl"),
        GET_CHILDREN("get_children", "GetChildrenBuilderImpl"),
        OTHER("other", "");

        private final String label;
        private final String curatorBuilder;

        Kind(String label, String curatorBuilder) {
            this.label = label;
            this.curatorBuilder = curatorBuilder;
        }

        /** The metric label, e.g. {@code set_data}. */
        public String label() {
            return label;
        }

        /**
         * The kind of a Curator trace name: {@code <builder>-Foreground} or {@code -Background};
         * anything else (a protected create's search, a sync) is {@link #OTHER}.
         */
        static Kind ofTrace(String name) {
            int dash = name.indexOf('-');
            if (dash > 0) {
                String suffix = name.substring(dash + 1);
                if (suffix.equals("Foreground") || suffix.equals("Background")) {
                    String builder = name.substring(0, dash);
                    for (Kind kind : values()) {
                        if (kind.curatorBuilder.equals(builder)) {
                            return kind;
                        }
                    }
                }
            }
            return OTHER;
        }
    }

    private final Map<Kind, LongAdder> operations = new EnumMap<>(Kind.class);
    private final LongAdder watchesSet = new LongAdder();

    public ZooKeeperOperations() {
        for (Kind kind : Kind.values()) {
            operations.put(kind, new LongAdder());
        }
    }

    @Override
    public void addTrace(OperationTrace trace) {
        Kind kind = Kind.ofTrace(trace.getName());
        operations.get(kind).increment();
        if (trace.isWithWatcher()) {
            watchesSet.increment();
        }
    }

    @Override
    public void addEvent(EventTrace trace) {
        // connection events: the connection-state metrics count them
    }

    /** Operations of {@code kind} completed (successful or not) since the client started. */
    public long count(Kind kind) {
        return operations.get(kind).sum();
    }

    /** Operations that set a watch (one-shot watches set again count each time). */
    public long watchesSet() {
        return watchesSet.sum();
    }
}
