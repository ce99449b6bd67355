package org.hacp.cluster.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.hacp.cluster.Component;
import org.hacp.cluster.GrantedToken;
import org.hacp.cluster.dispatcher.PlannedHandover.Intent;
import org.hacp.cluster.events.EventLog;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.HaStateStore;
import org.hacp.ha.embedded.EmbeddedHaServices;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 33, item 1: a handover intent's stay-out is measured on each JobManager's own monotonic
 * clock from when it first saw the intent, so no decision compares two processes' wall clocks.
 */
class PlannedHandoverTest {
    private static final long STAY_OUT = 2_000;
    private final EmbeddedHaServices ha = new EmbeddedHaServices();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private HaStateStore store;
    private FencingToken token;

    @BeforeEach
    void lead() throws Exception {
        CompletableFuture<FencingToken> granted = new CompletableFuture<>();
        ha.leaderElection(Component.DISPATCHER.id()).startLeaderElection(GrantedToken.into(granted));
        token = granted.get(10, TimeUnit.SECONDS);
        store = ha.stateStore(Component.DISPATCHER.id());
    }

    @AfterEach
    void close() {
        ha.close();
    }

    @Test
    void anotherJobManagerStepsAsideForTheStayOutFromWhenItFirstSawTheIntentThenRemovesIt() throws Exception {
        store.put(token, PlannedHandover.INTENT_KEY, new Intent("jm-b", STAY_OUT, 5));
        PlannedHandover c = handover();

        assertThat(c.mustStepAside(token, "jm-c")).isTrue();
        advanceMillis(STAY_OUT - 1);
        assertThat(c.mustStepAside(token, "jm-c")).isTrue();
        advanceMillis(1);
        assertThat(c.mustStepAside(token, "jm-c")).isFalse();
        assertThat(intent()).isEmpty();
    }

    @Test
    void aLaterIntentIsMeasuredFromItsOwnFirstSighting() throws Exception {
        PlannedHandover c = handover();
        store.put(token, PlannedHandover.INTENT_KEY, new Intent("jm-b", STAY_OUT, 5));
        assertThat(c.mustStepAside(token, "jm-c")).isTrue();
        advanceMillis(STAY_OUT - 100);
        store.put(token, PlannedHandover.INTENT_KEY, new Intent("jm-b", STAY_OUT, 6));
        advanceMillis(200);
        assertThat(c.mustStepAside(token, "jm-c"))
                .as("the intent of epoch 6 was first seen now")
                .isTrue();
    }

    @Test
    void theNamedSuccessorRemovesTheIntentAndLeads() throws Exception {
        store.put(token, PlannedHandover.INTENT_KEY, new Intent("jm-b", STAY_OUT, 5));
        assertThat(handover().mustStepAside(token, "jm-b")).isFalse();
        assertThat(intent()).isEmpty();
    }

    @Test
    void aStayOutBeyondAnyStepDownIsRemovedNotObeyed() throws Exception {
        store.put(token, PlannedHandover.INTENT_KEY, new Intent("jm-b", PlannedHandover.MAX_STAY_OUT_MILLIS + 1, 5));
        assertThat(handover().mustStepAside(token, "jm-c")).isFalse();
        assertThat(intent()).isEmpty();
    }

    @Test
    void theWriterCountsItsStayOutFromTheWriteAndLeadsAgainWhenItEnds() throws Exception {
        PlannedHandover a = handover();
        a.checkSuccessorsAgainst(() -> Optional.of(List.of("jm-a", "jm-b")));
        assertThat(a.stepDown(token, STAY_OUT, "jm-b").get(10, TimeUnit.SECONDS))
                .isTrue();
        assertThat(intent()).contains(new Intent("jm-b", STAY_OUT, token.epoch()));

        advanceMillis(STAY_OUT);
        // jm-b never came: the writer, granted again after its own stay-out, does not wait a second one.
        assertThat(a.mustStepAside(token, "jm-a")).isFalse();
        assertThat(intent()).isEmpty();
    }

    private PlannedHandover handover() {
        return new PlannedHandover(store, EventLog.none(), nanos::get);
    }

    private void advanceMillis(long millis) {
        nanos.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    private Optional<Intent> intent() throws Exception {
        return store.get(PlannedHandover.INTENT_KEY, Intent.class);
    }
}
