package org.hacp.chaos.drill;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.hacp.chaos.checker.Validity;
import org.hacp.chaos.checker.Verdict;
import org.hacp.chaos.history.History;
import org.hacp.chaos.history.History.Op;
import org.hacp.cluster.Component;
import org.hacp.cluster.events.EventField;
import org.hacp.cluster.events.EventType;
import org.hacp.cluster.events.HistoryKind;

/**
 * What a drill measured, from the merged event logs: each phase's time from the fault, the
 * unavailability at the receivers, epoch overlap, stale-token rejections, and the SLO verdicts.
 * A phase that did not happen has a null time (e.g. no revoke from a killed process).
 */
public record DrillReport(
        String kind,
        String oldLeader,
        String newLeader,
        long epochBefore,
        long epochAfter,
        List<Phase> phases,
        Long unavailabilityMillis,
        long overlapMillis,
        long staleRejections,
        List<String> rejectionSources,
        String lastReconnected,
        Verdict slos) {

    /** One phase: its name, milliseconds from the fault (null: did not happen), and who. */
    public record Phase(String name, Long millis, String who) {}

    /** SLO bounds; {@code totalMillis} is fault to first command accepted at the new epoch. */
    public record Bounds(long totalMillis, long overlapMillis) {
        public static Bounds defaults(DrillKind kind, Duration sessionTimeout) {
            return new Bounds(kind.planned() ? 500 : sessionTimeout.toMillis() + 1000, 0);
        }
    }

    public Phase phase(String name) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    public Validity validity() {
        return slos.validity();
    }

    /** Reads the phases out of {@code history} for a drill whose fault started at {@code faultNanos} (monotonic). */
    public static DrillReport analyze(
            DrillKind kind,
            History history,
            long faultNanos,
            String oldLeader,
            long oldDispatcherEpoch,
            long oldRmEpoch,
            int taskExecutors,
            Bounds bounds) {
        List<Op> after =
                history.ops().stream().filter(o -> o.monoNanos() >= faultNanos).toList();
        Long detect = first(
                after,
                o -> (o.process().equals(oldLeader)
                                && (o.is(EventType.ZK_CONNECTION)
                                                && !"RECONNECTED".equals(o.text(EventField.STATE))
                                                && !"CONNECTED".equals(o.text(EventField.STATE))
                                        || o.is(EventType.REVOKE)
                                        || o.is(EventType.STEP_DOWN)))
                        || o.is(EventType.RETRIEVAL)
                        || o.is(EventType.HEARTBEAT_TIMEOUT),
                faultNanos);
        Long revoke = first(
                after,
                o -> o.process().equals(oldLeader) && o.is(EventType.REVOKE) && o.component() == Component.DISPATCHER,
                faultNanos);
        // the first of the JobManager's components to be granted (and published) at a new epoch
        Predicate<Op> newEpoch = o -> o.component() == Component.DISPATCHER && o.epoch() > oldDispatcherEpoch
                || o.component() == Component.RESOURCE_MANAGER && o.epoch() > oldRmEpoch;
        Op grantOp = after.stream()
                .filter(o -> o.is(EventType.GRANT))
                .filter(newEpoch)
                .findFirst()
                .orElse(null);
        Op dispatcherGrant = after.stream()
                .filter(o -> o.is(EventType.GRANT)
                        && o.component() == Component.DISPATCHER
                        && o.epoch() > oldDispatcherEpoch)
                .findFirst()
                .orElse(null);
        Long grant = grantOp == null ? null : millis(grantOp, faultNanos);
        Op publishOp = after.stream()
                .filter(o -> o.is(EventType.PUBLISH))
                .filter(newEpoch)
                .findFirst()
                .orElse(null);
        Long publish = publishOp == null ? null : millis(publishOp, faultNanos);
        boolean changed = grantOp != null;
        long newRmEpoch = after.stream()
                .filter(o -> o.is(EventType.GRANT) && o.component() == Component.RESOURCE_MANAGER)
                .mapToLong(o -> o.epoch())
                .max()
                .orElse(oldRmEpoch);

        // reconnection: each TaskExecutor's first registration after the fault, at the newest epoch
        Map<String, Op> reconnected = new LinkedHashMap<>();
        for (Op o : after) {
            if (o.is(EventType.REGISTER) && o.epoch() == newRmEpoch && (changed || o.monoNanos() > faultNanos)) {
                reconnected.putIfAbsent(o.process(), o);
            }
        }
        Op lastReconnect = reconnected.values().stream()
                .reduce((a, b) -> b.monoNanos() > a.monoNanos() ? b : a)
                .orElse(null);
        Long reconnect =
                reconnected.size() >= taskExecutors && lastReconnect != null ? millis(lastReconnect, faultNanos) : null;
        Predicate<Op> acceptedNew = o ->
                (o.f().equals(EventType.ACCEPT.function()) && o.kind() == HistoryKind.OK || o.is(EventType.REGISTER))
                        && (changed ? o.epoch() > oldRmEpoch : o.epoch() >= oldRmEpoch);
        Op firstNewOp = after.stream()
                .filter(acceptedNew)
                .filter(o -> changed || o.is(EventType.REGISTER))
                .findFirst()
                .orElse(null);
        Long firstAccepted = firstNewOp == null ? null : millis(firstNewOp, faultNanos);
        Long resumed = first(
                after,
                o -> o.is(EventType.JOBMASTER_STARTED) && o.epoch() > (changed ? oldDispatcherEpoch : -1),
                faultNanos);

        List<Phase> phases = List.of(
                new Phase("detect", detect, null),
                new Phase("old leader revoked", revoke, oldLeader),
                new Phase(
                        "new leader granted",
                        grant,
                        grantOp == null ? null : grantOp.process() + " " + grantOp.component()),
                new Phase(
                        "leader published",
                        publish,
                        publishOp == null ? null : publishOp.process() + " " + publishOp.component()),
                new Phase(
                        "followers reconnected",
                        reconnect,
                        lastReconnect == null
                                ? null
                                : lastReconnect.process() + " (" + reconnected.size() + "/" + taskExecutors + ")"),
                new Phase("first command accepted", firstAccepted, firstNewOp == null ? null : firstNewOp.process()),
                new Phase("jobs resumed", resumed, null));

        // unavailability and overlap, from what the receivers accepted
        Op lastOld = history.ops().stream()
                .filter(o -> o.f().equals(EventType.ACCEPT.function())
                        && o.kind() == HistoryKind.OK
                        && o.epoch() <= oldRmEpoch
                        && (!changed || firstNewOp == null || o.monoNanos() <= firstNewOp.monoNanos()))
                .reduce((a, b) -> b)
                .orElse(null);
        Long unavailability = firstNewOp == null || lastOld == null
                ? null
                : Math.max(0, (firstNewOp.monoNanos() - Math.min(lastOld.monoNanos(), faultNanos)) / 1_000_000);
        long overlap = 0;
        if (changed) {
            Map<String, Long> firstNewAt = new LinkedHashMap<>();
            Map<String, Long> lastOldAt = new LinkedHashMap<>();
            for (Op o : history.ops()) {
                if (!o.f().equals(EventType.ACCEPT.function()) || o.kind() != HistoryKind.OK) {
                    continue;
                }
                String receiver = o.process() + ":" + o.text(EventField.RECEIVER);
                if (o.epoch() > oldRmEpoch) {
                    firstNewAt.putIfAbsent(receiver, o.monoNanos());
                } else {
                    lastOldAt.put(receiver, o.monoNanos());
                }
            }
            for (Map.Entry<String, Long> e : firstNewAt.entrySet()) {
                Long old = lastOldAt.get(e.getKey());
                if (old != null && old > e.getValue()) {
                    overlap = Math.max(overlap, (old - e.getValue()) / 1_000_000);
                }
            }
        }
        long stale = 0;
        Set<String> sources = new LinkedHashSet<>();
        for (Op o : after) {
            if (o.f().equals(EventType.ACCEPT.function())
                    && o.kind() == HistoryKind.FAIL
                    && "STALE".equals(o.text(EventField.REASON))) {
                stale++;
                sources.add(o.process() + " <- epoch " + o.text(EventField.RECEIVED_EPOCH));
            }
        }

        List<Verdict.Result> slos = new ArrayList<>();
        if (kind.movesLeadership() || changed) {
            Long total = firstAccepted;
            slos.add(new Verdict.Result(
                    "total",
                    "fault -> first command accepted at the new epoch <= " + bounds.totalMillis() + " ms",
                    total == null
                            ? (changed ? Validity.UNKNOWN : Validity.INVALID)
                            : total <= bounds.totalMillis() ? Validity.VALID : Validity.INVALID,
                    total == null
                            ? (changed ? "no command accepted at the new epoch was recorded" : "no new leader")
                            : total + " ms",
                    List.of()));
        } else {
            slos.add(new Verdict.Result(
                    "total",
                    "service back after the fault (leadership may stay)",
                    firstAccepted == null ? Validity.UNKNOWN : Validity.VALID,
                    firstAccepted == null
                            ? "no registration after the fault was recorded"
                            : firstAccepted + " ms, leadership unchanged",
                    List.of()));
        }
        slos.add(new Verdict.Result(
                "overlap",
                "overlap of epochs at any receiver <= " + bounds.overlapMillis() + " ms",
                overlap <= bounds.overlapMillis() ? Validity.VALID : Validity.INVALID,
                overlap + " ms",
                List.of()));
        // every job running at the fault must be taken up by the new leader (or have finished)
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
        slos.add(new Verdict.Result(
                "jobs",
                "no job lost: every running job taken up by the new leader",
                lost.isEmpty() ? Validity.VALID : Validity.INVALID,
                running.size() + " running at the fault" + (lost.isEmpty() ? "" : ", not taken up: " + lost),
                List.copyOf(lost)));
        String newLeader = dispatcherGrant == null ? oldLeader : dispatcherGrant.process();
        long epochAfter = dispatcherGrant == null ? oldDispatcherEpoch : dispatcherGrant.epoch();
        return new DrillReport(
                kind.cliName(),
                oldLeader,
                newLeader,
                oldDispatcherEpoch,
                epochAfter,
                phases,
                unavailability,
                overlap,
                stale,
                List.copyOf(sources),
                lastReconnect == null ? null : lastReconnect.process(),
                new Verdict(slos));
    }

    private static Long first(List<Op> ops, Predicate<Op> which, long faultNanos) {
        return ops.stream()
                .filter(which)
                .findFirst()
                .map(o -> millis(o, faultNanos))
                .orElse(null);
    }

    private static long millis(Op o, long faultNanos) {
        return (o.monoNanos() - faultNanos) / 1_000_000;
    }

    /** The report as an operator reads it in a terminal. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                "drill %s: leader %s (epoch %d) -> %s (epoch %d)%n",
                kind, oldLeader, epochBefore, newLeader, epochAfter));
        out.append(String.format("  %-26s %10s  %s%n", "phase", "from fault", "who"));
        for (Phase p : phases) {
            out.append(String.format(
                    "  %-26s %10s  %s%n",
                    p.name(), p.millis() == null ? "-" : p.millis() + " ms", p.who() == null ? "" : p.who()));
        }
        out.append(String.format(
                "  %-26s %10s%n", "unavailability", unavailabilityMillis == null ? "-" : unavailabilityMillis + " ms"));
        out.append(String.format("  %-26s %10s%n", "epoch overlap", overlapMillis + " ms"));
        out.append(String.format(
                "  %-26s %10d  %s%n", "stale-token rejections", staleRejections, String.join(", ", rejectionSources)));
        out.append("  SLOs:\n").append(slos.describe());
        return out.toString();
    }
}
