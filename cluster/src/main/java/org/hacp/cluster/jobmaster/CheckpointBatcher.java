package org.hacp.cluster.jobmaster;

import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hacp.cluster.Component;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.events.EventType;
import org.hacp.cluster.job.JobRecord;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.HaStateStore;
import org.hacp.ha.RecordTooLargeException;
import org.hacp.ha.StoredBatch;
import org.hacp.logging.RejectionLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the checkpoints of all JobMasters of one Dispatcher leadership together (issue 32, item
 * 1): the latest record of every job that made progress, at most once per checkpoint interval, in
 * one fenced transaction per {@link org.hacp.ha.RecordSizeLimit}'s worth of records
 * ({@link HaStateStore#putAll}). Written per job, each running job cost ZooKeeper about 8.5 writes a
 * second (docs/measurements.md: 85.4 writes/s at 10 jobs, 342.3 at 40); batched, a leader writes one
 * transaction per interval and per limit's worth of records, whatever its number of jobs. Every
 * transaction carries the leadership checks, so a deposed leader's batch is refused whole by
 * ZooKeeper, and each of its jobs records a {@link EventType#CHECKPOINT_REFUSED}.
 *
 * <p>Threads: {@link #offer} from any thread (the JobMasters' main threads); the writes and
 * {@link #forget} on the Dispatcher's store thread, which runs every store write of the session in
 * order; the wait for the interval on the RPC scheduler. A record offered while a batch is being
 * written goes in the next one. A batch that fails for another reason (ZooKeeper out of reach) is
 * dropped, as a single checkpoint was before: the job's next progress offers a newer record.
 * Close: no batch starts after it; one being written finishes.
 */
public final class CheckpointBatcher {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointBatcher.class);

    private final FencingToken token;
    private final HaStateStore store;
    private final Executor storeThread;
    private final ScheduledExecutorService scheduler;
    private final long intervalNanos;
    private final EventLog events;
    /** The latest record offered per job and not yet written. */
    private final Map<String, JobRecord> pending = new ConcurrentHashMap<>();

    private final AtomicBoolean queued = new AtomicBoolean();
    /** When the last batch started ({@code System.nanoTime}); the store thread writes. */
    private volatile long lastBatchNanos;

    /** At most one line per reason per 10 s: a deposed leader's batches are refused every interval until it is closed. */
    private final RejectionLog refusals = new RejectionLog(LOG, Duration.ofSeconds(10));

    private volatile boolean closed;

    /**
     * @param token the Dispatcher leadership every batch is written under
     * @param storeThread the single thread of the session's store writes
     * @param interval at most one batch per interval (0: one per offer, as fast as the store takes them)
     */
    public CheckpointBatcher(
            FencingToken token,
            HaStateStore store,
            Executor storeThread,
            ScheduledExecutorService scheduler,
            Duration interval,
            EventLog events) {
        this.token = token;
        this.store = store;
        this.storeThread = storeThread;
        this.scheduler = scheduler;
        this.intervalNanos = interval.toNanos();
        this.events = events;
        this.lastBatchNanos = System.nanoTime() - intervalNanos;
    }

    /** The leadership this batcher writes under. */
    public FencingToken token() {
        return token;
    }

    /** Queues {@code record} as its job's latest checkpoint, replacing an older one not yet written. Any thread. */
    public void offer(JobRecord record) {
        if (closed) {
            return;
        }
        pending.put(record.jobId(), record);
        if (!queued.compareAndSet(false, true)) {
            return; // the queued batch will take this record
        }
        long wait = lastBatchNanos + intervalNanos - System.nanoTime();
        if (wait <= 0) {
            storeThread.execute(this::writeBatch);
        } else {
            scheduler.schedule(() -> storeThread.execute(this::writeBatch), wait, TimeUnit.NANOSECONDS);
        }
    }

    /**
     * Drops the record of {@code jobId} not yet written: its final record is about to be written
     * on its own, and an older one must not follow it. Store thread.
     */
    void forget(String jobId) {
        pending.remove(jobId);
    }

    /** No batch starts after this. Any thread. */
    public void close() {
        closed = true;
        pending.clear();
    }

    private void writeBatch() {
        queued.set(false);
        if (closed) {
            return;
        }
        lastBatchNanos = System.nanoTime();
        Map<String, JobRecord> batch = new LinkedHashMap<>();
        for (String jobId : pending.keySet()) {
            JobRecord record = pending.remove(jobId);
            if (record != null) {
                batch.put(JobRecord.storeKey(jobId), record);
            }
        }
        if (batch.isEmpty()) {
            return;
        }
        long invoked = System.nanoTime();
        StoredBatch stored;
        try {
            stored = store.putAll(token, batch);
        } catch (Exception e) {
            refused(batch.values(), e.getMessage());
            return;
        }
        Set<String> tooLarge = new HashSet<>();
        for (RecordTooLargeException refused : stored.refused()) {
            refusals.warn("too large", "Checkpoint refused at epoch " + token.epoch() + ": " + refused.getMessage());
            tooLarge.add(refused.path());
        }
        batch.forEach((key, record) -> {
            if (tooLarge.stream().anyMatch(path -> path.endsWith("/" + key))) {
                events.record(
                        EventType.CHECKPOINT_REFUSED,
                        Component.JOB_MASTER,
                        token.epoch(),
                        record.jobId(),
                        "record over the size limit");
            } else {
                events.record(EventType.STORE_WRITE, Component.DISPATCHER, token.epoch(), key, invoked);
            }
        });
    }

    private void refused(Iterable<JobRecord> records, String why) {
        refusals.warn("batch refused", "Checkpoints at epoch " + token.epoch() + " refused: " + why);
        for (JobRecord record : records) {
            events.record(EventType.CHECKPOINT_REFUSED, Component.JOB_MASTER, token.epoch(), record.jobId(), why);
        }
    }
}
