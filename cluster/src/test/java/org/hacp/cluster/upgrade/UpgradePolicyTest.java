package org.hacp.cluster.upgrade;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalInt;
import org.hacp.cluster.upgrade.RollingOrder.Standing;
import org.hacp.ha.ClusterVersion;
import org.hacp.ha.MemberCard;
import org.hacp.protocol.ProtocolRange;
import org.junit.jupiter.api.Test;

/** Issue 31: the order of a rolling upgrade and the finalize's rules, without a cluster. */
class UpgradePolicyTest {
    private static final ProtocolRange OLD = new ProtocolRange(1, 1);
    private static final ProtocolRange NEW = new ProtocolRange(1, 2);

    private static MemberCard jm(String id, ProtocolRange speaks) {
        return new MemberCard(id, "jobmanager", speaks);
    }

    private static MemberCard te(String id, ProtocolRange speaks) {
        return new MemberCard(id, "taskexecutor", speaks);
    }

    @Test
    void taskExecutorsFirstThenStandbysInLatchOrderTheLeaderLast() {
        List<MemberCard> members = List.of(
                jm("jobmanager-1", OLD),
                te("taskexecutor-2", OLD),
                jm("jobmanager-2", OLD),
                jm("jobmanager-4", OLD),
                te("taskexecutor-1", OLD),
                jm("jobmanager-3", OLD));
        RollingOrder order = RollingOrder.of(members, List.of("jobmanager-2", "jobmanager-3", "jobmanager-1"));
        assertThat(order.steps())
                .extracting(step -> step.member().id() + " " + step.standing().name())
                .containsExactly(
                        "taskexecutor-1 TASK_EXECUTOR",
                        "taskexecutor-2 TASK_EXECUTOR",
                        "jobmanager-3 STANDBY",
                        "jobmanager-1 STANDBY",
                        "jobmanager-4 STANDBY", // not in the election now: after those that are
                        "jobmanager-2 LEADER");
    }

    @Test
    void withoutAnElectionThereIsNoLeaderToKeepForLast() {
        RollingOrder order = RollingOrder.of(List.of(jm("jobmanager-2", OLD), jm("jobmanager-1", OLD)), List.of());
        assertThat(order.steps()).extracting(RollingOrder.Step::standing).containsOnly(Standing.STANDBY);
        assertThat(order.steps())
                .extracting(step -> step.member().id())
                .containsExactly("jobmanager-1", "jobmanager-2");
    }

    private static FinalizeDecision decide(int active, List<MemberCard> members, OptionalInt requested) {
        return FinalizeDecision.decide(new ClusterVersion(active), members, NEW, requested);
    }

    @Test
    void finalizeMovesToTheHighestVersionOnceEveryMemberSpeaksIt() {
        List<MemberCard> upgraded = List.of(jm("jobmanager-1", NEW), te("taskexecutor-1", new ProtocolRange(2, 3)));
        assertThat(decide(1, upgraded, OptionalInt.empty()))
                .isEqualTo(new FinalizeDecision.Proceed(new ClusterVersion(2)));
    }

    @Test
    void finalizeIsRefusedWhileAMemberIsOlderNamingEachOne() {
        List<MemberCard> mixed = List.of(jm("jobmanager-1", NEW), te("taskexecutor-1", OLD), jm("jobmanager-2", OLD));
        assertThat(decide(1, mixed, OptionalInt.empty()))
                .isEqualTo(new FinalizeDecision.Refused("2 of 3 members do not speak protocol version 2:"
                        + " taskexecutor-1 (taskexecutor, 1..1), jobmanager-2 (jobmanager, 1..1);"
                        + " restart them on the new release first (hactl upgrade plan)"));
    }

    @Test
    void finalizeTwiceDowngradeAndVersionsThisReleaseDoesNotKnowAreRefused() {
        List<MemberCard> upgraded = List.of(jm("jobmanager-1", new ProtocolRange(1, 3)));
        assertThat(reason(decide(2, upgraded, OptionalInt.empty())))
                .isEqualTo("the cluster runs protocol version 2 already: nothing to finalize");
        assertThat(reason(decide(2, upgraded, OptionalInt.of(1))))
                .isEqualTo("the cluster was finalized at protocol version 2; a finalize is one-way and never moves it"
                        + " down to 1");
        assertThat(reason(decide(1, upgraded, OptionalInt.of(3))))
                .isEqualTo("this hactl speaks protocol versions 1..2: it cannot finalize at 3");
        assertThat(reason(decide(1, List.of(), OptionalInt.empty()))).startsWith("no member is running");
    }

    private static String reason(FinalizeDecision decision) {
        assertThat(decision).isInstanceOf(FinalizeDecision.Refused.class);
        return ((FinalizeDecision.Refused) decision).reason();
    }
}
