package org.hacp.chaos.drill;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.hacp.chaos.checker.Validity;
import org.hacp.chaos.checker.Verdict;
import org.hacp.chaos.drill.DrillReport.Bounds;
import org.hacp.chaos.drill.DrillReport.Phase;
import org.hacp.chaos.history.History;
import org.hacp.chaos.history.History.Op;
import org.hacp.cluster.Component;
import org.hacp.cluster.events.EventField;
import org.hacp.cluster.events.EventType;

/**
 * Reads one drill's phases, availability, rejections and SLO verdicts out of a history, step by
 * step; one instance per analysis, confined to the caller's thread.
 */
final class DrillAnalysis {
    private final DrillKind kind;
    private final History history;
    private final List<Op> after;
    private final long faultNanos;
    private final String oldLeader;
    private final long oldDispatcherEpoch;
    private final long oldRmEpoch;
    private final int taskExecutors;
    private final Bounds bounds;

    /** Whether leadership moved: some component was granted at a new epoch after the fault. */
    private boolean changed;

    private Op dispatcherGrant;
    /** The first grant of either component at a new epoch, or null. */
    private Op newGrant;

    private Op lastReconnect;
    private Op firstNewOp;
    private Long firstAccepted;

    DrillAnalysis(
            DrillKind kind,
            History history,
            long faultNanos,
            String oldLeader,
            long oldDispatcherEpoch,
            long oldRmEpoch,
            int taskExecutors,
            Bounds bounds) {
        this.kind = kind;
        this.history = history;
        this.after =
                history.ops().stream().filter(o -> o.monoNanos() >= faultNanos).toList();
        this.faultNanos = faultNanos;
        this.oldLeader = oldLeader;
        this.oldDispatcherEpoch = oldDispatcherEpoch;
        this.oldRmEpoch = oldRmEpoch;
        this.taskExecutors = taskExecutors;
        this.bounds = bounds;
    }

    DrillReport report() {
        List<Phase> phases = new ArrayList<>(leadershipPhases());
        phases.addAll(servicePhases());
        long overlap = changed ? overlapMillis() : 0;
        long stale = 0;
        Set<String> sources = new LinkedHashSet<>();
        for (Op o : after) {
            if (o.is(EventType.FENCING_REJECTION) && "STALE".equals(o.text(EventField.REASON))) {
                stale += 1 + Math.max(0, o.number(EventField.SUPPRESSED));
                sources.add(o.process() + " <- epoch " + o.text(EventField.RECEIVED_EPOCH));
            }
        }
        List<Verdict.Result> slos = kind.blip()
                ? List.of(leadershipStaysSlo(), tasksKeptSlo(), longestWaitSlo(), jobsSlo())
                : List.of(totalSlo(), overlapSlo(overlap), jobsSlo());
        return new DrillReport(
                kind.cliName(),
                oldLeader,
                dispatcherGrant == null ? oldLeader : dispatcherGrant.process(),
                oldDispatcherEpoch,
                dispatcherGrant == null ? oldDispatcherEpoch : dispatcherGrant.epoch(),
                List.copyOf(phases),
                unavailabilityMillis(),
                overlap,
                stale,
                List.copyOf(sources),
                lastReconnect == null ? null : lastReconnect.process(),
                new Verdict(slos));
    }

    /** Detect, revoke, grant and publish. */
    private List<Phase> leadershipPhases() {
        Long detect = first(o -> (o.process().equals(oldLeader)
                        && (o.is(EventType.ZK_CONNECTION)
                                        && !"RECONNECTED".equals(o.text(EventField.STATE))
                                        && !"CONNECTED".equals(o.text(EventField.STATE))
                                || o.is(EventType.REVOKE)
                                || o.is(EventType.STEP_DOWN)))
                || o.is(EventType.RETRIEVAL)
                || o.is(EventType.LEADER_ANNOUNCED)
                || o.is(EventType.HEARTBEAT_TIMEOUT));
        Long revoke = first(
                o -> o.process().equals(oldLeader) && o.is(EventType.REVOKE) && o.component() == Component.DISPATCHER);
        // the first of the JobManager's components to be granted (and published) at a new epoch
        Predicate<Op> newEpoch = o -> o.component() == Component.DISPATCHER && o.epoch() > oldDispatcherEpoch
                || o.component() == Component.RESOURCE_MANAGER && o.epoch() > oldRmEpoch;
        Op grantOp = firstOp(o -> o.is(EventType.GRANT) && newEpoch.test(o));
        dispatcherGrant = firstOp(
                o -> o.is(EventType.GRANT) && o.component() == Component.DISPATCHER && o.epoch() > oldDispatcherEpoch);
        Op publishOp = firstOp(o -> o.is(EventType.PUBLISH) && newEpoch.test(o));
        changed = grantOp != null;
        newGrant = grantOp;
        Long granted = millis(grantOp);
        if (granted != null && (detect == null || granted < detect)) {
            // Fast takeover (issue 16): a standby sees the crash itself and records nothing before
            // its grant; followers hear of it only afterwards. The grant is the detection then.
            detect = granted;
        }
        return List.of(
                new Phase("detect", detect, null),
                new Phase("old leader revoked", revoke, oldLeader),
                new Phase("new leader granted", granted, who(grantOp)),
                new Phase("leader published", millis(publishOp), who(publishOp)));
    }

    /** Followers reconnected, first command accepted at the new epoch, jobs resumed. */
    private List<Phase> servicePhases() {
        long newRmEpoch = after.stream()
                .filter(o -> o.is(EventType.GRANT) && o.component() == Component.RESOURCE_MANAGER)
                .mapToLong(Op::epoch)
                .max()
                .orElse(oldRmEpoch);
        // reconnection: each TaskExecutor's first registration after the fault, at the newest epoch
        Map<String, Op> reconnected = new LinkedHashMap<>();
        for (Op o : after) {
            if (o.is(EventType.REGISTER) && o.epoch() == newRmEpoch && (changed || o.monoNanos() > faultNanos)) {
                reconnected.putIfAbsent(o.process(), o);
            }
        }
        lastReconnect = reconnected.values().stream()
                .reduce((a, b) -> b.monoNanos() > a.monoNanos() ? b : a)
                .orElse(null);
        Long reconnect = reconnected.size() >= taskExecutors ? millis(lastReconnect) : null;
        Predicate<Op> acceptedNew = o -> (o.is(EventType.ACCEPT) || o.is(EventType.REGISTER))
                && (changed ? o.epoch() > oldRmEpoch : o.epoch() >= oldRmEpoch);
        firstNewOp = firstOp(o -> acceptedNew.test(o) && (changed || o.is(EventType.REGISTER)));
        firstAccepted = millis(firstNewOp);
        Long resumed = first(o -> o.is(EventType.JOBMASTER_STARTED) && o.epoch() > (changed ? oldDispatcherEpoch : -1));
        return List.of(
                new Phase(
                        "followers reconnected",
                        reconnect,
                        lastReconnect == null
                                ? null
                                : lastReconnect.process() + " (" + reconnected.size() + "/" + taskExecutors + ")"),
                new Phase("first command accepted", firstAccepted, firstNewOp == null ? null : firstNewOp.process()),
                new Phase("jobs resumed", resumed, null));
    }

    /** From the last command accepted at the old epoch (or the fault) to the first at the new one. */
    private Long unavailabilityMillis() {
        Op lastOld = history.ops().stream()
                .filter(o -> o.is(EventType.ACCEPT)
                        && o.epoch() <= oldRmEpoch
                        && (!changed || firstNewOp == null || o.monoNanos() <= firstNewOp.monoNanos()))
                .reduce((a, b) -> b)
                .orElse(null);
        return firstNewOp == null || lastOld == null
                ? null
                : Math.max(0, (firstNewOp.monoNanos() - Math.min(lastOld.monoNanos(), faultNanos)) / 1_000_000);
    }

    /** The longest time any receiver still accepted the old epoch after it had accepted the new one. */
    private long overlapMillis() {
        long overlap = 0;
        for (List<Op> accepts : History.acceptsByReceiver(history.ops()).values()) {
            Long firstNew = null;
            Long lastOld = null;
            for (Op o : accepts) {
                if (o.epoch() > oldRmEpoch) {
                    firstNew = firstNew == null ? o.monoNanos() : firstNew;
                } else {
                    lastOld = o.monoNanos();
                }
            }
            if (firstNew != null && lastOld != null && lastOld > firstNew) {
                overlap = Math.max(overlap, (lastOld - firstNew) / 1_000_000);
            }
        }
        return overlap;
    }

    private Verdict.Result totalSlo() {
        if (!kind.movesLeadership() && !changed) {
            return new Verdict.Result(
                    "total",
                    "service back after the fault (leadership may stay)",
                    firstAccepted == null ? Validity.UNKNOWN : Validity.VALID,
                    firstAccepted == null
                            ? "no registration after the fault was recorded"
                            : firstAccepted + " ms, leadership unchanged",
                    List.of());
        }
        Long total = firstAccepted;
        return new Verdict.Result(
                "total",
                "fault -> first command accepted at the new epoch <= " + bounds.totalMillis() + " ms",
                total == null
                        ? (changed ? Validity.UNKNOWN : Validity.INVALID)
                        : total <= bounds.totalMillis() ? Validity.VALID : Validity.INVALID,
                total == null
                        ? (changed ? "no command accepted at the new epoch was recorded" : "no new leader")
                        : total + " ms",
                List.of());
    }

    private Verdict.Result overlapSlo(long overlap) {
        return new Verdict.Result(
                "overlap",
                "overlap of epochs at any receiver <= " + bounds.overlapMillis() + " ms",
                overlap <= bounds.overlapMillis() ? Validity.VALID : Validity.INVALID,
                overlap + " ms",
                List.of());
    }

    /** A blip moves no leadership (issue 30). */
    private Verdict.Result leadershipStaysSlo() {
        return new Verdict.Result(
                "leadership",
                "leadership changes: 0",
                changed ? Validity.INVALID : Validity.VALID,
                changed ? "epoch " + newGrant.epoch() + " of " + who(newGrant) : "0",
                changed ? List.of(newGrant.quote()) : List.of());
    }

    /** A blip cancels no task on any TaskExecutor (issue 30). */
    private Verdict.Result tasksKeptSlo() {
        List<String> cancels = after.stream()
                .filter(o -> o.is(EventType.TASKS_CANCELLED))
                .map(Op::quote)
                .toList();
        return new Verdict.Result(
                "tasks",
                "task cancellations: 0",
                cancels.isEmpty() ? Validity.VALID : Validity.INVALID,
                Integer.toString(cancels.size()),
                cancels);
    }

    /**
     * A blip keeps the service: the longest a TaskExecutor went without an accepted ResourceManager
     * command (heartbeats come every heartbeat interval), from the fault to the end of the drill,
     * is at most the bound (by default the fault's length).
     */
    private Verdict.Result longestWaitSlo() {
        long end = history.ops().stream().mapToLong(Op::monoNanos).max().orElse(faultNanos);
        long longest = 0;
        String where = "no command accepted after the fault";
        for (Map.Entry<String, List<Op>> receiver :
                History.acceptsByReceiver(after).entrySet()) {
            long previous = faultNanos;
            for (Op o : receiver.getValue()) {
                if (o.component() != Component.RESOURCE_MANAGER) {
                    continue;
                }
                if (o.monoNanos() - previous > longest) {
                    longest = o.monoNanos() - previous;
                    where = receiver.getKey();
                }
                previous = o.monoNanos();
            }
            if (end - previous > longest) {
                longest = end - previous;
                where = receiver.getKey() + " (until the drill ended)";
            }
        }
        long millis = longest / 1_000_000;
        return new Verdict.Result(
                "wait",
                "longest wait for a command at a TaskExecutor <= " + bounds.totalMillis() + " ms",
                millis <= bounds.totalMillis() ? Validity.VALID : Validity.INVALID,
                millis + " ms at " + where,
                List.of());
    }

    /** Every job running at the fault must be taken up by the new leader (or have finished). */
    private Verdict.Result jobsSlo() {
        Set<String> running = new LinkedHashSet<>();
        for (Op o : history.ops()) {
            if (o.monoNanos() >= faultNanos) {
                break;
            }
            if (o.is(EventType.JOB_SUBMITTED)) {
                running.add(o.text(EventField.JOB));
            } else if (o.is(EventType.JOB_FINISHED)) {
                running.remove(o.text(EventField.JOB));
            }
        }
        List<String> lost = new ArrayList<>();
        if (changed) {
            for (String job : running) {
                boolean takenUp = after.stream()
                        .anyMatch(o -> job.equals(o.text(EventField.JOB))
                                && (o.is(EventType.JOB_FINISHED)
                                        || o.is(EventType.JOBMASTER_STARTED) && o.epoch() > oldDispatcherEpoch));
                if (!takenUp) {
                    lost.add(job);
                }
            }
        }
        return new Verdict.Result(
                "jobs",
                "no job lost: every running job taken up by the new leader",
                lost.isEmpty() ? Validity.VALID : Validity.INVALID,
                running.size() + " running at the fault" + (lost.isEmpty() ? "" : ", not taken up: " + lost),
                List.copyOf(lost));
    }

    private Op firstOp(Predicate<Op> which) {
        return after.stream().filter(which).findFirst().orElse(null);
    }

    private Long first(Predicate<Op> which) {
        return millis(firstOp(which));
    }

    private Long millis(Op o) {
        return o == null ? null : (o.monoNanos() - faultNanos) / 1_000_000;
    }

    private static String who(Op o) {
        return o == null ? null : o.process() + " " + o.component();
    }
}
