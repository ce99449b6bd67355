package org.hacp.chaos.checker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.hacp.chaos.history.History;
import org.hacp.cluster.events.EventLine;
import org.hacp.cluster.events.EventType;
import org.hacp.cluster.events.HistoryKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each invariant on hand-made histories: a clean run passes, and each crafted violation is named. */
class CheckerTest {
    @TempDir
    Path dir;

    private long clock = 1_000_000_000L;
    private final Checker checker = new Checker(Duration.ofSeconds(10));

    /** Appends one event to {@code process}'s log, 10 ms after the previous one. */
    private void event(String process, String json) throws IOException {
        clock += 10_000_000L;
        String line = json.substring(0, json.length() - 1) + ",\"monoNanos\":" + clock + ",\"process\":\"" + process
                + "\",\"pid\":1,\"wallTime\":\"x\"}";
        Files.writeString(
                dir.resolve(process + ".events.jsonl"),
                line + "\n",
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private long now() {
        return clock;
    }

    /** A clean failover: jm-1 leads at epoch 1, is killed, jm-2 leads at epoch 2, the job finishes once. */
    private void cleanRun() throws IOException {
        event("jm-1", "{\"type\":\"grant\",\"component\":\"resourcemanager\",\"epoch\":1,\"session\":\"s1\"}");
        event("jm-1", "{\"type\":\"grant\",\"component\":\"dispatcher\",\"epoch\":1,\"session\":\"d1\"}");
        event("te-1", "{\"type\":\"register\",\"component\":\"resourcemanager\",\"epoch\":1}");
        event(
                "te-1",
                "{\"type\":\"accept\",\"component\":\"resourcemanager\",\"receiver\":\"te-1\",\"epoch\":1,\"command\":\"deployTask\"}");
        event("nemesis", "{\"type\":\"client\",\"f\":\"submit\",\"phase\":\"ok\",\"job\":\"j1\"}");
        event(
                "jm-1",
                "{\"type\":\"store-write\",\"component\":\"dispatcher\",\"epoch\":1,\"key\":\"job-j1\",\"invokeNanos\":"
                        + (now() + 1) + "}");
        event("nemesis", "{\"type\":\"nemesis\",\"f\":\"kill\",\"phase\":\"start\",\"node\":\"jm-1\"}");
        event("jm-2", "{\"type\":\"grant\",\"component\":\"resourcemanager\",\"epoch\":2,\"session\":\"s2\"}");
        event("jm-2", "{\"type\":\"grant\",\"component\":\"dispatcher\",\"epoch\":2,\"session\":\"d2\"}");
        event("te-1", "{\"type\":\"register\",\"component\":\"resourcemanager\",\"epoch\":2}");
        event(
                "te-1",
                "{\"type\":\"accept\",\"component\":\"resourcemanager\",\"receiver\":\"te-1\",\"epoch\":2,\"command\":\"deployTask\"}");
        event(
                "jm-2",
                "{\"type\":\"store-write\",\"component\":\"dispatcher\",\"epoch\":2,\"key\":\"job-j1\",\"invokeNanos\":"
                        + (now() + 1) + "}");
        event("jm-2", "{\"type\":\"job-finished\",\"component\":\"jobmaster\",\"epoch\":2,\"job\":\"j1\"}");
        event("nemesis", "{\"type\":\"nemesis\",\"f\":\"heal\",\"phase\":\"end\"}");
        event("nemesis", "{\"type\":\"settled\",\"f\":\"settled\",\"phase\":\"ok\",\"epoch\":2}");
    }

    private void finalJob(boolean stored, boolean finished) throws IOException {
        event(
                "nemesis",
                "{\"type\":\"client\",\"f\":\"final-job\",\"phase\":\"ok\",\"job\":\"j1\",\"stored\":" + stored
                        + ",\"finished\":" + finished + ",\"ticks\":5}");
    }

    private Verdict check() throws IOException {
        return checker.check(History.load(dir));
    }

    private static List<String> invalid(Verdict v) {
        List<String> ids = new ArrayList<>();
        v.results().stream().filter(r -> r.validity() == Validity.INVALID).forEach(r -> ids.add(r.id()));
        return ids;
    }

    @Test
    void aCleanFailoverIsValid() throws IOException {
        cleanRun();
        finalJob(true, true);
        Verdict v = check();
        assertThat(v.validity()).as(v.describe()).isEqualTo(Validity.VALID);
        assertThat(v.validity().exitCode()).isZero();
    }

    @Test
    void twoLeadersOfOneEpochAndAnEpochGoingBackAreCaught() throws IOException {
        cleanRun();
        finalJob(true, true);
        event("jm-3", "{\"type\":\"grant\",\"component\":\"dispatcher\",\"epoch\":2,\"session\":\"other\"}");
        event("jm-3", "{\"type\":\"grant\",\"component\":\"resourcemanager\",\"epoch\":1,\"session\":\"s1\"}");
        Verdict v = check();
        assertThat(invalid(v)).contains("a", "b");
        assertThat(v.result("a").evidence()).anySatisfy(e -> assertThat(e).contains("dispatcher epoch 2 granted to"));
        assertThat(v.validity().exitCode()).isEqualTo(1);
    }

    @Test
    void aStaleEpochAcceptedAfterANewerOneIsCaughtAtTheReceiver() throws IOException {
        cleanRun();
        finalJob(true, true);
        event(
                "te-1",
                "{\"type\":\"accept\",\"component\":\"resourcemanager\",\"receiver\":\"te-1\",\"epoch\":1,\"command\":\"heartbeat\"}");
        Verdict v = check();
        assertThat(invalid(v)).containsExactly("c", "d");
        assertThat(v.result("c").evidence().get(0)).contains("accepted epoch 1 after epoch 2");
        assertThat(v.describe()).contains("te-1 ok accept");
    }

    @Test
    void aWriteOfADeposedEpochThatSucceededIsCaught() throws IOException {
        cleanRun();
        finalJob(true, true);
        event(
                "jm-1",
                "{\"type\":\"store-write\",\"component\":\"dispatcher\",\"epoch\":1,\"key\":\"job-j1\",\"invokeNanos\":"
                        + (now() + 1) + "}");
        assertThat(invalid(check())).containsExactly("f");
    }

    @Test
    void aJobCompletedTwiceOrLostIsCaught() throws IOException {
        cleanRun();
        event("jm-1", "{\"type\":\"job-finished\",\"component\":\"jobmaster\",\"epoch\":1,\"job\":\"j1\"}");
        finalJob(false, false);
        Verdict v = check();
        assertThat(invalid(v)).containsExactly("g");
        assertThat(v.result("g").evidence())
                .anySatisfy(e -> assertThat(e).contains("completed 2 times"))
                .anySatisfy(e -> assertThat(e).contains("lost"));
    }

    @Test
    void aClusterThatNeverSettledIsInvalidAndAMissingSettleIsUnknown() throws IOException {
        cleanRun();
        finalJob(true, true);
        event("nemesis", "{\"type\":\"nemesis\",\"f\":\"heal\",\"phase\":\"end\"}");
        assertThat(check().result("e").validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(check().validity().exitCode()).isEqualTo(2);
        event(
                "nemesis",
                "{\"type\":\"settled\",\"f\":\"settled\",\"phase\":\"fail\",\"problem\":\"no leader published\"}");
        Verdict v = check();
        assertThat(v.result("e").validity()).isEqualTo(Validity.INVALID);
        assertThat(v.result("e").summary()).contains("no leader published");
    }

    @Test
    void aFollowerLeftOnAnOldEpochIsNotConverged() throws IOException {
        cleanRun();
        finalJob(true, true);
        event("te-2", "{\"type\":\"register\",\"component\":\"resourcemanager\",\"epoch\":1}");
        event("nemesis", "{\"type\":\"settled\",\"f\":\"settled\",\"phase\":\"ok\",\"epoch\":2}");
        Verdict v = check();
        assertThat(invalid(v)).containsExactly("e");
        assertThat(v.result("e").evidence().get(0)).contains("te-2 last registered at epoch 1");
    }

    @Test
    void convergenceIsJudgedOnTheLastSettleAndTheBoundOnTheFirst() throws IOException {
        cleanRun();
        // zk-down-short: the leader of epoch 2 declares its session LOST after the cluster first settled.
        event("jm-3", "{\"type\":\"grant\",\"component\":\"resourcemanager\",\"epoch\":3,\"session\":\"s3\"}");
        event("te-1", "{\"type\":\"register\",\"component\":\"resourcemanager\",\"epoch\":3}");
        finalJob(true, true);
        clock += Duration.ofSeconds(20).toNanos(); // the job ran on past the 10 s bound
        event("nemesis", "{\"type\":\"settled\",\"f\":\"settled\",\"phase\":\"ok\",\"epoch\":3}");
        Verdict v = check();
        assertThat(v.result("e").validity()).as(v.describe()).isEqualTo(Validity.VALID);
        assertThat(v.result("e").summary()).contains("epoch 3");

        event("te-2", "{\"type\":\"register\",\"component\":\"resourcemanager\",\"epoch\":2}");
        event(
                "nemesis",
                "{\"type\":\"settled\",\"f\":\"settled\",\"phase\":\"fail\",\"problem\":\"te-2 not registered\"}");
        v = check();
        assertThat(invalid(v)).containsExactly("e");
        assertThat(v.result("e").summary()).contains("te-2 not registered");
    }

    @Test
    void aRegistrationRecordedJustAfterTheLeaderCountedItStillConverges() throws IOException {
        event("te-2", "{\"type\":\"register\",\"component\":\"resourcemanager\",\"epoch\":1}");
        cleanRun();
        event("te-2", "{\"type\":\"register\",\"component\":\"resourcemanager\",\"epoch\":2}");
        finalJob(true, true);
        Verdict v = check();
        assertThat(v.result("e").validity()).as(v.describe()).isEqualTo(Validity.VALID);
    }

    @Test
    void aLineTornByKillIsSkippedAndTheHistoryIsOrderedAcrossProcesses() throws IOException {
        cleanRun();
        Files.writeString(dir.resolve("jm-1.events.jsonl"), "{\"type\":\"gra", StandardOpenOption.APPEND);
        History h = History.load(dir);
        assertThat(h.ops()).hasSize(15);
        assertThat(h.ops()).isSortedAccordingTo(Comparator.comparingLong(History.Op::monoNanos));
        assertThat(h.ops().get(0).time()).isZero();
        assertThat(h.ops())
                .filteredOn(o -> o.f().equals(EventType.ACCEPT.function()))
                .allSatisfy(o -> assertThat(o.kind()).isEqualTo(HistoryKind.OK));
        assertThat(h.unreadable()).singleElement().satisfies(u -> {
            assertThat(u.lastLine()).isTrue();
            assertThat(u.problem()).isEqualTo(EventLine.Problem.NOT_JSON);
        });
        Verdict v = checker.check(h);
        assertThat(v.result("h").validity()).as(v.describe()).isEqualTo(Validity.VALID);
        assertThat(v.result("h").summary()).contains("1 torn");
    }

    @Test
    void aLineOfAnUnknownTypeOrWithABadFieldIsCountedAndMakesTheVerdictUnknown() throws IOException {
        cleanRun();
        finalJob(true, true);
        event("jm-2", "{\"type\":\"granted\",\"component\":\"dispatcher\",\"epoch\":3,\"session\":\"x\"}");
        event("jm-2", "{\"type\":\"grant\",\"component\":\"dispatcher\",\"epoch\":\"3\",\"session\":\"x\"}");
        event("jm-2", "{\"type\":\"grant\",\"component\":\"dispatcher\",\"epoch\":3,\"session\":\"x\"}");
        History h = History.load(dir);
        assertThat(h.unreadable())
                .extracting(History.Unreadable::problem)
                .containsExactly(EventLine.Problem.UNKNOWN_TYPE, EventLine.Problem.BAD_FIELD);
        Verdict v = checker.check(h);
        assertThat(v.result("h").validity()).as(v.describe()).isEqualTo(Validity.UNKNOWN);
        assertThat(v.result("h").evidence()).anyMatch(e -> e.contains("unknown event type 'granted'"));
        assertThat(v.result("h").evidence()).anyMatch(e -> e.contains("field 'epoch' is not a NUMBER"));
    }
}
