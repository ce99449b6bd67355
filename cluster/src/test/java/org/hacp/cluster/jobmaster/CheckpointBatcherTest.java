package org.hacp.cluster.jobmaster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.Component;
import org.hacp.cluster.ForwardingStore;
import org.hacp.cluster.GrantedToken;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.job.JobRecord;
import org.hacp.cluster.job.JobSpec;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.HaStateStore;
import org.hacp.ha.StoredBatch;
import org.hacp.ha.embedded.EmbeddedHaServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 32, item 1: the checkpoints of all of a leader's jobs go in batches, fenced like single writes. */
class CheckpointBatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String DISPATCHER = Component.DISPATCHER.id();
    private static final JobSpec SPEC = new JobSpec("batched", 1, 100, 20);

    private final EmbeddedHaServices ha = new EmbeddedHaServices();
    private final ExecutorService storeThread = Executors.newSingleThreadExecutor();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final CountingStore store = new CountingStore(ha.stateStore(DISPATCHER));

    @TempDir
    Path dir;

    /** The real embedded store, counting the records of each batch it is given. */
    static final class CountingStore extends ForwardingStore {
        final List<Integer> batches = new CopyOnWriteArrayList<>();

        CountingStore(HaStateStore store) {
            super(store);
        }

        @Override
        public StoredBatch putAll(FencingToken writer, Map<String, ?> values) throws Exception {
            batches.add(values.size());
            return super.putAll(writer, values);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        storeThread.shutdownNow();
        scheduler.shutdownNow();
        ha.close();
    }

    @Test
    void theCheckpointsOfManyJobsInOneIntervalAreOneBatchOfTheLatestRecords() throws Exception {
        FencingToken token = lead();
        List<JobRecord> jobs = submitted(token, 50);
        CheckpointBatcher batcher = batcher(token, Duration.ofSeconds(1), EventLog.none());

        // Offered while the store thread is busy: the batch queued behind it takes them all.
        onStoreThread(() -> {
            for (int ticks = 1; ticks <= 3; ticks++) {
                for (JobRecord job : jobs) {
                    batcher.offer(job.withProgress(0, ticks, token.epoch()));
                }
            }
        });

        await().atMost(WAIT).until(() -> store.batches.size() == 1);
        assertThat(store.batches).containsExactly(50);
        for (JobRecord job : jobs) {
            assertThat(store.get(JobRecord.storeKey(job.jobId()), JobRecord.class))
                    .get()
                    .extracting(r -> r.ticksDone().get(0))
                    .isEqualTo(3);
        }
        // Progress within the interval after a batch waits for it, then goes as one more batch.
        for (JobRecord job : jobs) {
            batcher.offer(job.withProgress(0, 4, token.epoch()));
        }
        await().atMost(WAIT).until(() -> store.batches.size() == 2);
        assertThat(store.batches).containsExactly(50, 50);
    }

    @Test
    void aDeposedLeadersBatchIsRefusedWholeAndEveryJobOfItRecordsTheRefusal() throws Exception {
        FencingToken token = lead();
        List<JobRecord> jobs = submitted(token, 3);
        Path eventFile = dir.resolve("events.jsonl");
        EventLog events = EventLog.open(eventFile, "jm-1");
        CheckpointBatcher batcher = batcher(token, Duration.ZERO, events);
        ha.revokeLeadership(DISPATCHER);

        onStoreThread(() -> jobs.forEach(job -> batcher.offer(job.withProgress(0, 7, token.epoch()))));

        await().atMost(WAIT)
                .until(() -> Files.readAllLines(eventFile).stream()
                                .filter(line -> line.contains("\"checkpoint-refused\""))
                                .count()
                        == 3);
        for (JobRecord job : jobs) {
            assertThat(store.get(JobRecord.storeKey(job.jobId()), JobRecord.class))
                    .as("nothing of the refused batch is written")
                    .contains(job);
        }
        assertThat(Files.readAllLines(eventFile)).noneMatch(line -> line.contains("\"store-write\""));
    }

    @Test
    void aRecordForgottenBeforeItsJobsFinalWriteIsNeverWrittenAfterIt() throws Exception {
        FencingToken token = lead();
        JobRecord job = submitted(token, 1).get(0);
        CheckpointBatcher batcher = batcher(token, Duration.ZERO, EventLog.none());
        JobRecord finished = job.withProgress(0, SPEC.ticksPerTask(), token.epoch());

        // As JobMaster does: progress offered, then the final record written on the store thread.
        onStoreThread(() -> {
            batcher.offer(job.withProgress(0, 50, token.epoch()));
            batcher.forget(job.jobId());
            store.put(token, JobRecord.storeKey(job.jobId()), finished);
        });
        storeThread.submit(() -> null).get(10, TimeUnit.SECONDS); // the batch queued behind has run

        assertThat(store.get(JobRecord.storeKey(job.jobId()), JobRecord.class)).contains(finished);
    }

    @Test
    void afterCloseNothingIsWritten() throws Exception {
        FencingToken token = lead();
        JobRecord job = submitted(token, 1).get(0);
        CheckpointBatcher batcher = batcher(token, Duration.ZERO, EventLog.none());

        onStoreThread(() -> {
            batcher.offer(job.withProgress(0, 9, token.epoch()));
            batcher.close();
        });
        batcher.offer(job.withProgress(0, 10, token.epoch()));
        storeThread.submit(() -> null).get(10, TimeUnit.SECONDS);

        assertThat(store.batches).isEmpty();
        assertThat(store.get(JobRecord.storeKey(job.jobId()), JobRecord.class)).contains(job);
    }

    private interface StoreWork {
        void run() throws Exception;
    }

    /** Runs {@code work} on the store thread and waits for it. */
    private void onStoreThread(StoreWork work) throws Exception {
        storeThread
                .submit(() -> {
                    work.run();
                    return null;
                })
                .get(10, TimeUnit.SECONDS);
    }

    private CheckpointBatcher batcher(FencingToken token, Duration interval, EventLog events) {
        return new CheckpointBatcher(token, store, storeThread, scheduler, interval, events);
    }

    private List<JobRecord> submitted(FencingToken token, int count) throws Exception {
        List<JobRecord> jobs = new CopyOnWriteArrayList<>();
        for (int i = 0; i < count; i++) {
            JobRecord job = JobRecord.submitted("job-" + i, SPEC, token.epoch());
            store.create(token, JobRecord.storeKey(job.jobId()), job);
            jobs.add(job);
        }
        return jobs;
    }

    private FencingToken lead() throws Exception {
        CompletableFuture<FencingToken> granted = new CompletableFuture<>();
        ha.leaderElection(DISPATCHER).startLeaderElection(GrantedToken.into(granted));
        return granted.get(10, TimeUnit.SECONDS);
    }
}
