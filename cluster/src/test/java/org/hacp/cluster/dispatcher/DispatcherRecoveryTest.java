package org.hacp.cluster.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.Component;
import org.hacp.cluster.ForwardingStore;
import org.hacp.cluster.GrantedToken;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.job.JobRecord;
import org.hacp.cluster.job.JobSpec;
import org.hacp.cluster.job.JobStatus;
import org.hacp.cluster.jobmaster.JobMaster;
import org.hacp.cluster.resourcemanager.ResourceManager;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.HaStateStore;
import org.hacp.ha.StateKeyExistsException;
import org.hacp.ha.StateRecords;
import org.hacp.ha.embedded.EmbeddedHaServices;
import org.hacp.protocol.ProtocolRange;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.TestRpcSystems;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A new leader's recovery: the keys seen ahead first, every job the store holds, and what a deposed leader left half done. */
class DispatcherRecoveryTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private final EmbeddedHaServices ha = new EmbeddedHaServices();
    private final RpcService rpc = TestRpcSystems.inMemory(RpcConfig.defaults());
    private final ResourceManager resourceManager = new ResourceManager(rpc, Duration.ofSeconds(3));
    private Dispatcher dispatcher;

    @AfterEach
    void tearDown() throws Exception {
        if (dispatcher != null) {
            dispatcher.closeAsync().get(10, TimeUnit.SECONDS);
        }
        resourceManager.closeAsync().get(10, TimeUnit.SECONDS);
        rpc.closeAsync().get(10, TimeUnit.SECONDS);
        ha.close();
    }

    @Test
    void jobsTheKeysSeenAheadMissAreRecoveredAndKeysGoneSinceAreSkipped() throws Exception {
        FencingToken token = lead(Component.DISPATCHER.id());
        HaStateStore store = ha.stateStore(Component.DISPATCHER.id());
        JobSpec spec = new JobSpec("recovered", 1, 10, 20);
        store.put(token, JobRecord.storeKey("seen-1"), JobRecord.submitted("seen-1", spec, token.epoch()));
        store.put(token, JobRecord.storeKey("missed-1"), JobRecord.submitted("missed-1", spec, token.epoch()));
        // What a watch may hold at a grant: one job it saw, one deleted since, and not the newest one.
        HaStateStore staleAhead = new ForwardingStore(store) {
            @Override
            public List<String> keysSeen() {
                return List.of(JobRecord.storeKey("gone-1"), JobRecord.storeKey("seen-1"));
            }
        };
        startDispatcher(staleAhead);

        dispatcher.grant(token).get(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> dispatcher.runningJobMasters().size() == 2);
        assertThat(dispatcher.runningJobMasters()).containsExactly("missed-1", "seen-1");
        assertThat(dispatcher.unreadableJobRecords()).isEmpty();
    }

    /**
     * Issue 31: a record of a protocol version this build does not read (written by a newer
     * release) is skipped naming its version, left as it is, and the other jobs run.
     */
    @Test
    void aJobRecordOfAVersionThisBuildDoesNotReadIsSkippedNamingItAndLeftAsItIs() throws Exception {
        FencingToken token = lead(Component.DISPATCHER.id());
        HaStateStore store = ha.stateStore(Component.DISPATCHER.id());
        store.put(
                token, JobRecord.storeKey("readable"), JobRecord.submitted("readable", new JobSpec("r", 1, 10, 20), 1));
        String newerKey = JobRecord.storeKey("newer");
        String newer = "{\"v\":" + (ProtocolRange.CURRENT.max() + 1) + ",\"jobId\":\"newer\"}";
        startDispatcher(new ForwardingStore(store) {
            @Override
            public List<String> keys() throws Exception {
                return List.of(newerKey, JobRecord.storeKey("readable"));
            }

            @Override
            public <T> Optional<T> get(String key, Class<T> type) throws Exception {
                return key.equals(newerKey)
                        ? Optional.of(StateRecords.decode(
                                "/state/dispatcher/" + key, newer.getBytes(StandardCharsets.UTF_8), type))
                        : super.get(key, type);
            }
        });

        dispatcher.grant(token).get(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> dispatcher.runningJobMasters().contains("readable"));
        assertThat(dispatcher.unreadableJobRecords())
                .containsOnlyKeys(newerKey)
                .extractingByKey(newerKey)
                .asString()
                .contains("written in protocol version " + (ProtocolRange.CURRENT.max() + 1))
                .contains("this build reads " + ProtocolRange.CURRENT);
    }

    @Test
    void aJobFinishedWithoutItsResultStoredGetsItAndOneWithItIsOnlyListed() throws Exception {
        FencingToken token = lead(Component.DISPATCHER.id());
        HaStateStore store = ha.stateStore(Component.DISPATCHER.id());
        JobSpec spec = new JobSpec("finished", 1, 10, 20);
        // The last checkpoint of a job that finished, written by a leader deposed before it stored the result.
        JobRecord halfDone = JobRecord.submitted("half-done", spec, 1).withProgress(0, 10, 1);
        JobRecord done = JobRecord.submitted("done", spec, 1).withProgress(0, 10, 1);
        store.put(token, JobRecord.storeKey("half-done"), halfDone);
        store.put(token, JobRecord.storeKey("done"), done);
        store.put(token, JobRecord.resultKey("done"), new JobMaster.JobResult("done", 1, 0));
        startDispatcher(store);

        dispatcher.grant(token).get(10, TimeUnit.SECONDS);

        await().atMost(WAIT)
                .until(() -> store.get(JobRecord.resultKey("half-done"), JobMaster.JobResult.class)
                        .isPresent());
        assertThat(store.get(JobRecord.resultKey("half-done"), JobMaster.JobResult.class)
                        .orElseThrow()
                        .finishedByEpoch())
                .isEqualTo(token.epoch());
        assertThat(dispatcher.completions()).isEqualTo(1);
        assertThat(dispatcher.runningJobMasters()).containsExactly("half-done");
        assertThat(store.get(JobRecord.resultKey("done"), JobMaster.JobResult.class))
                .contains(new JobMaster.JobResult("done", 1, 0));
    }

    @Test
    void aJobWhoseResultIsStoredIsNeverRunAgainWhateverItsRecordSays() throws Exception {
        FencingToken token = lead(Component.DISPATCHER.id());
        HaStateStore store = ha.stateStore(Component.DISPATCHER.id());
        JobSpec spec = new JobSpec("stale", 2, 10, 20);
        // A record left at 3 of 20 ticks beside the job's result (a store rolled back, a record restored by hand).
        store.put(
                token,
                JobRecord.storeKey("stale"),
                JobRecord.submitted("stale", spec, 1).withProgress(0, 3, 1));
        store.put(token, JobRecord.resultKey("stale"), new JobMaster.JobResult("stale", 1, 0));
        store.put(token, JobRecord.storeKey("running"), JobRecord.submitted("running", spec, 1));
        startDispatcher(store);

        dispatcher.grant(token).get(10, TimeUnit.SECONDS);

        await().atMost(WAIT).until(() -> dispatcher.listJobs().get().size() == 2);
        assertThat(dispatcher.listJobs().get())
                .filteredOn(j -> j.jobId().equals("stale"))
                .singleElement()
                .satisfies(j -> {
                    assertThat(j.finished()).isTrue();
                    assertThat(j.ticksCompleted()).isEqualTo(j.totalTicks());
                });
        assertThat(dispatcher.runningJobMasters()).containsExactly("running");
        assertThat(dispatcher.completions()).isZero();
        assertThat(store.get(JobRecord.resultKey("stale"), JobMaster.JobResult.class))
                .contains(new JobMaster.JobResult("stale", 1, 0));
    }

    @Test
    void aSubmissionWhoseJobIdIsTakenIsRefusedAndOverwritesNothing() throws Exception {
        FencingToken token = lead(Component.DISPATCHER.id());
        HaStateStore store = ha.stateStore(Component.DISPATCHER.id());
        JobRecord other = JobRecord.submitted("other", new JobSpec("other", 1, 10, 20), token.epoch());
        store.put(token, JobRecord.storeKey("other"), other);
        List<String> written = new CopyOnWriteArrayList<>();
        // Every id collides: the store reports the key taken, as ZooKeeper's create does.
        startDispatcher(new ForwardingStore(store) {
            @Override
            public void put(FencingToken writer, String key, Object value) throws Exception {
                written.add(key);
                super.put(writer, key, value);
            }

            @Override
            public void create(FencingToken writer, String key, Object value) throws Exception {
                throw new StateKeyExistsException(Component.DISPATCHER.id(), key);
            }
        });
        dispatcher.grant(token).get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> dispatcher.runningJobMasters().contains("other"));

        assertThatThrownBy(() ->
                        dispatcher.submitJob(new JobSpec("collides", 1, 10, 20)).get(10, TimeUnit.SECONDS))
                .hasMessageContaining("was not stored, so it is not accepted")
                .hasMessageContaining("exists already");
        assertThat(dispatcher.listJobs().get()).extracting(JobStatus::jobId).containsExactly("other");
        assertThat(written).noneMatch(key -> key.startsWith(JobRecord.storeKey("collides")));
        assertThat(store.get(JobRecord.storeKey("other"), JobRecord.class)).isPresent();
    }

    private void startDispatcher(HaStateStore store) {
        resourceManager.start();
        dispatcher = new Dispatcher(
                rpc,
                store,
                () -> resourceManager.getSelfGateway(ResourceManagerGateway.class),
                new JobMaster.Timing(Duration.ofMillis(100), Duration.ofSeconds(3)),
                EventLog.none());
        dispatcher.start();
    }

    private FencingToken lead(String componentId) throws Exception {
        CompletableFuture<FencingToken> granted = new CompletableFuture<>();
        ha.leaderElection(componentId).startLeaderElection(GrantedToken.into(granted));
        return granted.get(10, TimeUnit.SECONDS);
    }
}
