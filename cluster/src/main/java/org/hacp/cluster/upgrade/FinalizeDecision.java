package org.hacp.cluster.upgrade;

import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.hacp.ha.ClusterVersion;
import org.hacp.ha.MemberCard;
import org.hacp.protocol.ProtocolRange;

/**
 * Whether a finalize may move the cluster version, and to what (issue 31): to the highest version
 * the finalizing release speaks (or the one asked for), only up, and only when every member
 * announced now speaks it. A refusal says why; nothing is written for it.
 */
public sealed interface FinalizeDecision {
    /** Move the cluster to {@code target}. */
    record Proceed(ClusterVersion target) implements FinalizeDecision {}

    /** Do not: {@code reason} names what stands in the way. */
    record Refused(String reason) implements FinalizeDecision {}

    /**
     * The decision for a cluster at {@code active} with {@code members}.
     *
     * @param release the versions the finalizing release (hactl's) speaks
     * @param requested the version asked for, or empty for {@code release}'s highest
     */
    static FinalizeDecision decide(
            ClusterVersion active, List<MemberCard> members, ProtocolRange release, OptionalInt requested) {
        int target = requested.orElse(release.max());
        if (target > release.max()) {
            return new Refused("this hactl speaks protocol versions " + release + ": it cannot finalize at " + target);
        }
        if (target < active.active()) {
            return new Refused("the cluster was finalized at protocol version " + active.active()
                    + "; a finalize is one-way and never moves it down to " + target);
        }
        if (target == active.active()) {
            return new Refused("the cluster runs protocol version " + target + " already: nothing to finalize");
        }
        if (members.isEmpty()) {
            return new Refused("no member is running: a finalize checks what every JobManager and TaskExecutor"
                    + " speaks, and none announced itself");
        }
        List<MemberCard> older =
                members.stream().filter(m -> !m.protocols().contains(target)).toList();
        if (!older.isEmpty()) {
            return new Refused(older.size() + " of " + members.size() + " members do not speak protocol version "
                    + target + ": "
                    + older.stream()
                            .map(m -> m.id() + " (" + m.role() + ", " + m.protocols() + ")")
                            .collect(Collectors.joining(", "))
                    + "; restart them on the new release first (hactl upgrade plan)");
        }
        return new Proceed(new ClusterVersion(target));
    }
}
