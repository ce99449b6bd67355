package org.hacp.cluster.dispatcher;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.hacp.cluster.Component;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.events.EventType;
import org.hacp.cluster.job.JobRecord;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.HaStateStore;
import org.hacp.ha.RecordsRead;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every job record of the job store for a new leader. A record that cannot be read is
 * reported (log, event, status page) and skipped; the others are recovered (one corrupt record once
 * hid every later job after a failover: issue 13). The records of the keys a watch saw while
 * standing by are read first, before the store is listed, so each job starts one round trip sooner
 * (issue 16); the listing then catches whatever that copy missed. Each of the two reads is one bulk
 * read of all its records ({@link HaStateStore#getAll}), not a round trip per job (issue 32). Waits
 * on the store: the Dispatcher's io thread only.
 */
final class JobStoreRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(JobStoreRecovery.class);

    private final HaStateStore store;
    private final EventLog events;

    JobStoreRecovery(HaStateStore store, EventLog events) {
        this.store = store;
        this.events = events;
    }

    /**
     * A job record read for a new leader. {@code resultMissing}: the job finished, but the leader that
     * wrote its last checkpoint lost its leadership before it stored the result (a drill paused it
     * between the two writes; the job then counted as running forever), so the new leader stores it.
     */
    record RecoveredJob(JobRecord record, boolean resultMissing) {}

    /**
     * Hands each readable job record to {@code recovered}, each once: unfinished ones as soon as
     * they are read, finished ones after the listing shows whether their result is stored. Returns
     * the keys whose records could not be read, with the reason.
     */
    Map<String, String> read(FencingToken token, Consumer<RecoveredJob> recovered) {
        Map<String, String> unreadable = new LinkedHashMap<>();
        Set<String> read = new HashSet<>();
        List<JobRecord> finished = new ArrayList<>();
        try {
            List<String> seen = store.keysSeen();
            read(seen, token, sorter(Set.copyOf(seen), token, finished, recovered), read, unreadable);
        } catch (Exception e) {
            LOG.debug("No keys seen ahead at epoch {}: {}", token.epoch(), brief(e));
        }
        Set<String> listed = null; // null: the listing failed, so whether a result is stored is unknown
        try {
            List<String> keys = store.keys();
            listed = Set.copyOf(keys);
            read(keys, token, sorter(listed, token, finished, recovered), read, unreadable);
        } catch (Exception e) {
            LOG.error(
                    "Listing the job store at epoch {} failed; {} job record(s) read ahead of it",
                    token.epoch(),
                    read.size(),
                    e);
        }
        for (JobRecord record : finished) {
            recovered.accept(
                    new RecoveredJob(record, listed != null && !listed.contains(JobRecord.resultKey(record.jobId()))));
        }
        return Map.copyOf(unreadable);
    }

    /**
     * Hands an unfinished record on at once, keeps a finished one for after the listing. A job whose
     * result is among {@code keys} is finished whatever its record says: the result is written only
     * after the record's final checkpoint, so an unfinished record beside a result is stale (a store
     * rolled back, a record restored by hand) and running it again would run a finished job twice
     * (issue 30). The read-ahead trusts the watch's list for results; the listing is authoritative.
     */
    private static Consumer<JobRecord> sorter(
            Set<String> keys, FencingToken token, List<JobRecord> finished, Consumer<RecoveredJob> recovered) {
        return record -> {
            if (record.finished()) {
                finished.add(record);
            } else if (keys.contains(JobRecord.resultKey(record.jobId()))) {
                LOG.warn(
                        "Job record '{}' of epoch {} says unfinished at {}/{} ticks, but its result is stored: the "
                                + "result wins, the job is not run again (epoch {})",
                        record.jobId(),
                        record.writtenByEpoch(),
                        record.ticksCompleted(),
                        record.totalTicks(),
                        token.epoch());
                finished.add(record.asFinished());
            } else {
                recovered.accept(new RecoveredJob(record, false));
            }
        };
    }

    /** Reads the records of {@code keys} not read yet in one bulk read ({@link HaStateStore#getAll}). */
    private void read(
            List<String> keys,
            FencingToken token,
            Consumer<JobRecord> recovered,
            Set<String> read,
            Map<String, String> unreadable) {
        List<String> toRead = keys.stream()
                .filter(key -> JobRecord.isRecordKey(key) && read.add(key))
                .toList();
        RecordsRead<JobRecord> records;
        try {
            records = store.getAll(toRead, JobRecord.class);
        } catch (Exception e) { // each record is reported unreadable with the reason
            records = new RecordsRead<>(Map.of(), toRead.stream().collect(Collectors.toMap(key -> key, key -> e)));
        }
        for (String key : toRead) {
            Exception failure = records.unreadable().get(key);
            if (failure != null) {
                String reason = brief(failure);
                unreadable.put(key, reason);
                LOG.warn("Job record '{}' cannot be read and is skipped at epoch {}: {}", key, token.epoch(), reason);
                events.record(EventType.JOB_RECORD_UNREADABLE, Component.DISPATCHER, token.epoch(), key, reason);
            } else if (records.records().containsKey(key)) {
                recovered.accept(records.records().get(key));
            }
        }
    }

    private static String brief(Exception e) {
        String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
        String text = e.getClass().getSimpleName() + ": " + message;
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
