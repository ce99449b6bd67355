package org.hacp.leader.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.hacp.fencing.FencingToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The election policy of one component without ZooKeeper (issue 29 item 4): the event and io
 * threads run tasks at once, mints wait until the test lets them finish, so a loss while minting
 * and a re-win before a stale mint returns are set up step by step in milliseconds.
 */
class ComponentElectionTest {
    private static final String COMPONENT = "resourcemanager";

    /**
     * Runs each task on the calling thread at once ({@code held = false}: the test is the event and
     * io thread), or holds it until {@link #runNext} (mints in flight).
     */
    private static final class StepExecutor extends AbstractExecutorService {
        private final boolean held;
        private final Deque<Runnable> waiting = new ArrayDeque<>();

        StepExecutor(boolean held) {
            this.held = held;
        }

        @Override
        public void execute(Runnable command) {
            if (held) {
                waiting.add(command);
            } else {
                command.run();
            }
        }

        void runNext() {
            waiting.removeFirst().run();
        }

        int waiting() {
            return waiting.size();
        }

        @Override
        public void shutdown() {}

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    /** The latch as the test sets it. */
    private static final class SetLatch implements ElectionLatch {
        Leadership leadership;
        int joins;
        boolean connected = true;
        final List<String> yielded = new ArrayList<>();
        ComponentElection election;

        /** As {@link LatchSession}: only while disconnected, and the restart loses the latch. */
        @Override
        public boolean yieldToSuccessor(String latchPath) {
            if (connected || !leads(latchPath)) {
                return false;
            }
            yielded.add(latchPath);
            leadership = null;
            election.latchLost();
            return true;
        }

        @Override
        public void join() {
            joins++;
        }

        @Override
        public Leadership leadership() {
            return leadership;
        }

        @Override
        public boolean isLeader() {
            return leadership != null;
        }

        @Override
        public boolean leads(String latchPath) {
            return leadership != null && leadership.latchPath().equals(latchPath);
        }
    }

    /** Dense epochs from 1; fails the next mint when told to. */
    private static final class CountingEpochs implements EpochSource {
        long last;
        Exception nextFailure;

        @Override
        public void watch(String componentId) {}

        @Override
        public void unwatch(String componentId) {}

        @Override
        public Grant mint(String componentId, Leadership leadership) throws Exception {
            if (nextFailure != null) {
                Exception e = nextFailure;
                nextFailure = null;
                throw e;
            }
            last++;
            return new Grant(FencingToken.mint(last), leadership.latchPath(), (int) last);
        }
    }

    private static final class RecordingPublishing implements LeaderPublishing {
        final List<String> calls = new ArrayList<>();

        @Override
        public void publish(FencingToken token, String address) {
            calls.add("publish " + token.epoch());
        }

        @Override
        public void publishOwned(Map<String, String> addresses, FencingToken token) {
            calls.add("publishOwned " + String.join(",", new TreeMap<>(addresses).keySet()));
        }

        @Override
        public void leadershipEnded() {
            calls.add("leadershipEnded");
        }

        @Override
        public void removeOwn() {
            calls.add("removeOwn");
        }
    }

    private final StepExecutor mints = new StepExecutor(true);
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor();
    private final ElectionThreads threads =
            new ElectionThreads(new StepExecutor(false), new StepExecutor(false), mints, watchdog);
    private final SetLatch latch = new SetLatch();
    private final CountingEpochs epochs = new CountingEpochs();
    private final RecordingPublishing publishing = new RecordingPublishing();
    private final List<String> fatal = new ArrayList<>();
    private final RecordingContender contender = new RecordingContender("rm", false);
    private ComponentElection election;

    @BeforeEach
    void startElection() {
        election = new ComponentElection(
                COMPONENT,
                "jobmanager-1",
                latch,
                epochs,
                leadingGrant -> publishing,
                threads,
                (message, cause) -> fatal.add(message),
                closed -> {});
        contender.election = election;
        latch.election = election;
        election.startLeaderElection(contender);
        assertThat(latch.joins).isEqualTo(1);
    }

    @AfterEach
    void stop() {
        watchdog.shutdownNow();
    }

    private Leadership win(String latchPath) {
        latch.leadership = new Leadership(latchPath, 42);
        election.latchWon(latch.leadership);
        return latch.leadership;
    }

    private void lose() {
        latch.leadership = null;
        election.latchLost();
    }

    @Test
    void aWinMintsAnEpochAndGrantsItsToken() {
        win("/leader/latch/n-1");
        assertThat(contender.events).as("nothing before the mint returns").isEmpty();

        mints.runNext();

        assertThat(contender.current).isNotNull();
        assertThat(contender.current.epoch()).isEqualTo(1);
        assertThat(election.hasLeadership(contender.current)).isTrue();
    }

    /** Issue 30: a receiver following a later epoch ends a leadership ZooKeeper cannot confirm now. */
    @Test
    void aSuccessorSeenWhileZooKeeperIsUnreachableRevokesAtOnce() throws Exception {
        win("/leader/latch/n-1");
        mints.runNext();
        FencingToken granted = contender.current;
        latch.connected = false;

        assertThat(election.successorSeen(granted, granted.epoch() + 1).get()).isTrue();

        assertThat(latch.yielded).containsExactly("/leader/latch/n-1");
        assertThat(contender.revokes()).isEqualTo(1);
        assertThat(election.hasLeadership(granted)).isFalse();
    }

    @Test
    void aSuccessorReportIsIgnoredWhileConnectedOrForAnotherTokenOrANotLaterEpoch() throws Exception {
        win("/leader/latch/n-1");
        mints.runNext();
        FencingToken granted = contender.current;

        assertThat(election.successorSeen(granted, granted.epoch() + 1).get())
                .as("connected: ZooKeeper's latch decides")
                .isFalse();
        latch.connected = false;
        assertThat(election.successorSeen(granted, granted.epoch()).get())
                .as("the same epoch")
                .isFalse();
        assertThat(election.successorSeen(FencingToken.mint(granted.epoch()), granted.epoch() + 1)
                        .get())
                .as("another leadership's token")
                .isFalse();

        assertThat(latch.yielded).isEmpty();
        assertThat(contender.revokes()).isZero();
        assertThat(election.hasLeadership(granted)).isTrue();
    }

    @Test
    void aLossWhileMintingDropsTheMintedEpochAndGrantsNothing() {
        win("/leader/latch/n-1");
        lose();

        mints.runNext();

        assertThat(contender.events).isEmpty();
        assertThat(election.grant()).isNull();
        assertThat(publishing.calls)
                .as("nothing was published, so nothing ends")
                .isEmpty();
    }

    @Test
    void aReWinBeforeAStaleMintReturnsIsGrantedOnlyItsOwnEpoch() {
        win("/leader/latch/n-1");
        lose();
        Leadership second = win("/leader/latch/n-2");
        assertThat(mints.waiting()).isEqualTo(2);

        mints.runNext(); // the first win's mint: epoch 1, for a leadership that ended
        assertThat(contender.events).as("the stale mint grants nothing").isEmpty();

        mints.runNext(); // the re-win's mint: epoch 2

        assertThat(contender.events).hasSize(1);
        assertThat(contender.current.epoch()).isEqualTo(2);
        assertThat(election.grant().latchPath()).isEqualTo(second.latchPath());
    }

    @Test
    void aLossAfterTheGrantRevokesAndEndsWhatWasPublished() {
        win("/leader/latch/n-1");
        mints.runNext();
        FencingToken granted = contender.current;

        lose();

        assertThat(contender.revokes()).isEqualTo(1);
        assertThat(election.hasLeadership(granted)).isFalse();
        assertThat(publishing.calls).containsExactly("leadershipEnded");
    }

    @Test
    void aMintedEpochIsNotGrantedWhenTheLatchNodeIsNoLongerOurs() {
        win("/leader/latch/n-1");
        // The latch moved on without a loss callback yet: another node of ours leads now.
        latch.leadership = new Leadership("/leader/latch/n-9", 42);

        mints.runNext();

        assertThat(contender.events).isEmpty();
        assertThat(election.grant()).isNull();
    }

    @Test
    void aCorruptCounterIsFatalAndTheContenderIsToldAndAnOtherFailureWaitsForTheNextWin() {
        epochs.nextFailure = new IOException("connection loss");
        win("/leader/latch/n-1");
        mints.runNext();
        assertThat(fatal).isEmpty();
        assertThat(contender.events).isEmpty();

        lose();
        epochs.nextFailure = new CorruptEpochException("/leader/resourcemanager/epoch holds 'x', not an epoch");
        win("/leader/latch/n-2");
        mints.runNext();

        assertThat(fatal).singleElement().asString().contains("not an epoch");
        assertThat(contender.errors).singleElement().isInstanceOf(CorruptEpochException.class);
        assertThat(contender.events).isEmpty();
    }
}
