package org.hacp.chaos.scenario;

import java.time.Duration;
import java.util.List;
import org.hacp.chaos.checker.Validity;
import org.hacp.chaos.checker.Verdict;
import org.hacp.chaos.cluster.ChaosCluster;
import org.hacp.chaos.cluster.Nemesis;
import org.hacp.chaos.history.History;
import org.hacp.chaos.history.History.Op;
import org.hacp.cluster.Component;
import org.hacp.cluster.events.EventField;
import org.hacp.cluster.events.EventType;

/** A scenario's own claim about its history, checked next to the invariants. */
@FunctionalInterface
public interface Expectation {

    Verdict.Result check(History history);

    private static Op firstFault(History h) {
        return h.ops().stream()
                .filter(o -> o.process().equals(ChaosCluster.HARNESS_PROCESS)
                        && o.is(EventType.NEMESIS)
                        && "start".equals(o.text(EventField.PHASE))
                        && !o.f().equals(Nemesis.START))
                .findFirst()
                .orElse(null);
    }

    private static boolean dispatcherGrant(Op o) {
        return o.is(EventType.GRANT) && o.component() == Component.DISPATCHER;
    }

    /** The Dispatcher grant in force when {@code fault} began, or null. */
    private static Op leaderGrantBefore(History h, Op fault) {
        return fault == null
                ? null
                : h.ops().stream()
                        .filter(o -> dispatcherGrant(o) && o.monoNanos() < fault.monoNanos())
                        .reduce((a, b) -> b)
                        .orElse(null);
    }

    /** The first Dispatcher revoke after {@code fault} by the process that {@code grant} went to, or null. */
    private static Op revokeAfter(History h, Op grant, Op fault) {
        return h.ops().stream()
                .filter(o -> o.process().equals(grant.process())
                        && o.is(EventType.REVOKE)
                        && o.component() == Component.DISPATCHER
                        && o.monoNanos() > fault.monoNanos())
                .findFirst()
                .orElse(null);
    }

    /**
     * The leader revokes within {@code bound} of the fault. For an abrupt server-side session end the
     * successor can be granted first (the old leader hears of the expiry a moment after the server
     * acted on it), so this is the claim there; fencing covers the moment in between.
     */
    static Expectation revokesWithin(Duration bound) {
        return h -> {
            String name = "the old leader revokes within " + bound.toMillis() + " ms of the fault";
            Op fault = firstFault(h);
            Op before = leaderGrantBefore(h, fault);
            if (before == null) {
                return new Verdict.Result("s", name, Validity.UNKNOWN, "no fault or no leader before it", List.of());
            }
            Op revoke = revokeAfter(h, before, fault);
            if (revoke == null) {
                return new Verdict.Result(
                        "s", name, Validity.INVALID, "the old leader never revoked", List.of(fault.quote()));
            }
            long millis = (revoke.monoNanos() - fault.monoNanos()) / 1_000_000;
            return new Verdict.Result(
                    "s",
                    name,
                    millis <= bound.toMillis() ? Validity.VALID : Validity.INVALID,
                    "revoked " + millis + " ms after the fault",
                    List.of(fault.quote(), revoke.quote()));
        };
    }

    /** A fault that leaves ZooKeeper reachable for the leader does not move leadership. */
    static Expectation leadershipStays() {
        return h -> {
            String name = "leadership does not move";
            Op fault = firstFault(h);
            if (fault == null) {
                return new Verdict.Result("s", name, Validity.UNKNOWN, "no fault", List.of());
            }
            List<String> grants = h.ops().stream()
                    .filter(o -> dispatcherGrant(o) && o.monoNanos() > fault.monoNanos())
                    .map(Op::quote)
                    .toList();
            return new Verdict.Result(
                    "s",
                    name,
                    grants.isEmpty() ? Validity.VALID : Validity.INVALID,
                    grants.isEmpty() ? "no grant after the fault" : grants.size() + " grant(s) after the fault",
                    grants);
        };
    }

    /** No TaskExecutor cancels a task after the fault (issue 30: losing ZooKeeper is no change of leader). */
    static Expectation noTasksCancelled() {
        return h -> {
            String name = "no TaskExecutor cancels a task";
            Op fault = firstFault(h);
            if (fault == null) {
                return new Verdict.Result("t", name, Validity.UNKNOWN, "no fault", List.of());
            }
            List<String> cancels = h.ops().stream()
                    .filter(o -> o.is(EventType.TASKS_CANCELLED) && o.monoNanos() > fault.monoNanos())
                    .map(Op::quote)
                    .toList();
            return new Verdict.Result(
                    "t",
                    name,
                    cancels.isEmpty() ? Validity.VALID : Validity.INVALID,
                    cancels.isEmpty() ? "no task cancelled after the fault" : cancels.size() + " cancellation(s)",
                    cancels);
        };
    }

    /** The first grant of a higher epoch than the leader's before the fault, or null. */
    private static Op successorGrant(History h, Op before) {
        return h.ops().stream()
                .filter(o -> dispatcherGrant(o) && o.epoch() > before.epoch())
                .findFirst()
                .orElse(null);
    }

    /** A successor is granted within {@code bound} of the fault (fast takeover, issue 16). */
    static Expectation successorWithin(Duration bound) {
        return h -> successorTiming(
                h, "a successor is granted within " + bound.toMillis() + " ms of the fault", bound, true);
    }

    /** No successor is granted within {@code bound} of the fault: silence is no signal for fast takeover. */
    static Expectation noSuccessorWithin(Duration bound) {
        return h -> successorTiming(
                h, "no successor is granted within " + bound.toMillis() + " ms of the fault", bound, false);
    }

    private static Verdict.Result successorTiming(History h, String name, Duration bound, boolean within) {
        Op fault = firstFault(h);
        Op before = leaderGrantBefore(h, fault);
        if (before == null) {
            return new Verdict.Result("s", name, Validity.UNKNOWN, "no fault or no leader before it", List.of());
        }
        Op successor = successorGrant(h, before);
        if (successor == null) {
            return new Verdict.Result(
                    "s", name, within ? Validity.INVALID : Validity.VALID, "no successor was granted", List.of());
        }
        long millis = (successor.monoNanos() - fault.monoNanos()) / 1_000_000;
        boolean inTime = millis <= bound.toMillis();
        return new Verdict.Result(
                "s",
                name,
                inTime == within ? Validity.VALID : Validity.INVALID,
                "epoch " + successor.epoch() + " granted " + millis + " ms after the fault",
                List.of(fault.quote(), successor.quote()));
    }
}
