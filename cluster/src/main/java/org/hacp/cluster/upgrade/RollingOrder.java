package org.hacp.cluster.upgrade;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.hacp.cluster.process.Role;
import org.hacp.ha.MemberCard;

/**
 * The order in which a rolling upgrade restarts the cluster's members, one at a time (issue 31):
 * every process that is not a JobManager first (TaskExecutors), then the standby JobManagers in
 * latch order, the leader last, so leadership moves once, to a JobManager already on the new
 * release (Pekko's advice for rolling updates: the oldest member last).
 *
 * @param steps the members in the order to restart them
 */
public record RollingOrder(List<Step> steps) {
    /** Where a member stands, which decides its place in the order. */
    public enum Standing {
        TASK_EXECUTOR("taskexecutor"),
        STANDBY("standby"),
        LEADER("leader, last");

        private final String label;

        Standing(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** One restart: {@code member}, standing as {@code standing} now. */
    public record Step(MemberCard member, Standing standing) {
        public Step {
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(standing, "standing");
        }
    }

    public RollingOrder {
        steps = List.copyOf(steps);
    }

    /**
     * The order for the members announced now.
     *
     * @param participants the JobManagers in latch order, the leader first; a JobManager not among
     *     them (not in the election now) goes with the standbys, after those in latch order
     */
    public static RollingOrder of(List<MemberCard> members, List<String> participants) {
        List<Step> steps = new ArrayList<>();
        Comparator<MemberCard> byId = Comparator.comparing(MemberCard::id);
        members.stream()
                .filter(m -> !isJobManager(m))
                .sorted(byId)
                .forEach(m -> steps.add(new Step(m, Standing.TASK_EXECUTOR)));
        List<MemberCard> jobManagers =
                members.stream().filter(RollingOrder::isJobManager).toList();
        String leader = participants.isEmpty() ? null : participants.get(0);
        Comparator<MemberCard> latchOrder = Comparator.comparingInt((MemberCard m) -> {
                    int place = participants.indexOf(m.id());
                    return place < 0 ? Integer.MAX_VALUE : place;
                })
                .thenComparing(byId);
        jobManagers.stream()
                .filter(m -> !m.id().equals(leader))
                .sorted(latchOrder)
                .forEach(m -> steps.add(new Step(m, Standing.STANDBY)));
        jobManagers.stream().filter(m -> m.id().equals(leader)).forEach(m -> steps.add(new Step(m, Standing.LEADER)));
        return new RollingOrder(steps);
    }

    private static boolean isJobManager(MemberCard member) {
        return member.role().equals(Role.JOB_MANAGER.id());
    }
}
