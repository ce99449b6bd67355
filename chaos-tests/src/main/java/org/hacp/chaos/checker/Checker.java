package org.hacp.chaos.checker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.hacp.chaos.checker.Verdict.Result;
import org.hacp.chaos.cluster.ChaosCluster;
import org.hacp.chaos.cluster.HarnessClient;
import org.hacp.chaos.cluster.Nemesis;
import org.hacp.chaos.history.History;
import org.hacp.chaos.history.History.Op;
import org.hacp.cluster.Component;
import org.hacp.cluster.events.EventField;
import org.hacp.cluster.events.EventType;
import org.hacp.cluster.events.HistoryKind;

/**
 * Checks a history against the project's safety and liveness claims:
 * <ol type="a">
 * <li>at most one leader (process and session) per component per epoch;</li>
 * <li>per component, epochs strictly increase in grant order;</li>
 * <li>per receiver, accepted epochs never go backwards;</li>
 * <li>at each receiver, the acting intervals of different epochs never overlap;</li>
 * <li>after the last fault ends, one leader within {@code convergenceBound} with every
 *     TaskExecutor registered with it;</li>
 * <li>HA store writes succeed only for the current epoch;</li>
 * <li>no acknowledged job lost, none completed twice;</li>
 * <li>every event log line was read (a torn last line, left by kill -9, is counted but allowed).</li>
 * </ol>
 */
public final class Checker {
    private final Duration convergenceBound;

    public Checker(Duration convergenceBound) {
        this.convergenceBound = convergenceBound;
    }

    public Verdict check(History history) {
        List<Op> ops = history.ops();
        return new Verdict(List.of(
                oneLeaderPerEpoch(ops),
                epochsIncrease(ops),
                acceptedEpochsMonotonic(ops),
                noOverlapAtReceivers(ops),
                convergedAfterHeal(ops),
                storeWritesCurrent(ops),
                jobsExactlyOnce(ops),
                everyLineRead(history.unreadable())));
    }

    /**
     * A line the checker could not read might hold the event that breaks an invariant, so any
     * besides a torn last line (what a kill -9 mid-write leaves) makes the run UNKNOWN.
     */
    Result everyLineRead(List<History.Unreadable> unreadable) {
        String name = "every event log line read";
        List<History.Unreadable> torn =
                unreadable.stream().filter(History.Unreadable::lastLine).toList();
        List<String> evidence = unreadable.stream()
                .filter(u -> !u.lastLine())
                .map(History.Unreadable::describe)
                .toList();
        String detail = unreadable.size() + " unreadable (" + torn.size() + " torn last lines"
                + (torn.isEmpty()
                        ? ""
                        : ": " + torn.stream().map(History.Unreadable::describe).toList()) + ")";
        return new Result("h", name, evidence.isEmpty() ? Validity.VALID : Validity.UNKNOWN, detail, evidence);
    }

    private static List<Op> grants(List<Op> ops) {
        return ops.stream().filter(o -> o.is(EventType.GRANT)).toList();
    }

    Result oneLeaderPerEpoch(List<Op> ops) {
        Map<String, Set<String>> holders = new TreeMap<>();
        Map<String, List<String>> quotes = new HashMap<>();
        for (Op g : grants(ops)) {
            String key = g.component() + " epoch " + g.epoch();
            holders.computeIfAbsent(key, k -> new LinkedHashSet<>())
                    .add(g.process() + "/" + g.text(EventField.SESSION));
            quotes.computeIfAbsent(key, k -> new ArrayList<>()).add(g.quote());
        }
        List<String> evidence = new ArrayList<>();
        holders.forEach((key, who) -> {
            if (who.size() > 1) {
                evidence.add(key + " granted to " + who);
                evidence.addAll(quotes.get(key));
            }
        });
        long grants = grants(ops).size();
        if (grants == 0) {
            return new Result(
                    "a",
                    "at most one leader per component per epoch",
                    Validity.UNKNOWN,
                    "no grants in the history",
                    List.of());
        }
        return new Result(
                "a",
                "at most one leader per component per epoch",
                evidence.isEmpty() ? Validity.VALID : Validity.INVALID,
                grants + " grants, " + holders.size() + " (component, epoch) pairs",
                evidence);
    }

    Result epochsIncrease(List<Op> ops) {
        Map<Component, Op> last = new HashMap<>();
        List<String> evidence = new ArrayList<>();
        for (Op g : grants(ops)) {
            Component component = g.component();
            Op previous = last.get(component);
            if (previous != null && g.epoch() <= previous.epoch()) {
                evidence.add(component + ": epoch " + g.epoch() + " granted after epoch " + previous.epoch());
                evidence.add(previous.quote());
                evidence.add(g.quote());
            }
            if (previous == null || g.epoch() > previous.epoch()) {
                last.put(component, g);
            }
        }
        return new Result(
                "b",
                "epochs strictly increase in grant order",
                evidence.isEmpty() ? Validity.VALID : Validity.INVALID,
                "components " + last.keySet(),
                evidence);
    }

    Result acceptedEpochsMonotonic(List<Op> ops) {
        List<String> evidence = new ArrayList<>();
        Map<String, List<Op>> byReceiver = History.acceptsByReceiver(ops);
        long accepts = 0;
        for (Map.Entry<String, List<Op>> e : byReceiver.entrySet()) {
            Op highest = null;
            for (Op o : e.getValue()) {
                accepts++;
                if (highest != null && o.epoch() < highest.epoch()) {
                    evidence.add(e.getKey() + " accepted epoch " + o.epoch() + " after epoch " + highest.epoch());
                    evidence.add(highest.quote());
                    evidence.add(o.quote());
                } else if (highest == null || o.epoch() > highest.epoch()) {
                    highest = o;
                }
            }
        }
        if (accepts == 0) {
            return new Result(
                    "c",
                    "per receiver, accepted epochs never go backwards",
                    Validity.UNKNOWN,
                    "no accepted calls recorded",
                    List.of());
        }
        return new Result(
                "c",
                "per receiver, accepted epochs never go backwards",
                evidence.isEmpty() ? Validity.VALID : Validity.INVALID,
                accepts + " accept events at " + byReceiver.size() + " receivers",
                evidence);
    }

    Result noOverlapAtReceivers(List<Op> ops) {
        List<String> evidence = new ArrayList<>();
        Map<String, List<Op>> byReceiver = History.acceptsByReceiver(ops);
        for (Map.Entry<String, List<Op>> e : byReceiver.entrySet()) {
            TreeMap<Long, Op[]> intervals = new TreeMap<>();
            for (Op o : e.getValue()) {
                Op[] interval = intervals.computeIfAbsent(o.epoch(), k -> new Op[] {o, o});
                interval[1] = o;
            }
            Op[] previous = null;
            long previousEpoch = -1;
            for (Map.Entry<Long, Op[]> i : intervals.entrySet()) {
                if (previous != null && previous[1].monoNanos() > i.getValue()[0].monoNanos()) {
                    evidence.add(e.getKey() + ": epoch " + previousEpoch + " still accepted after epoch " + i.getKey()
                            + " began");
                    evidence.add(i.getValue()[0].quote());
                    evidence.add(previous[1].quote());
                }
                previous = i.getValue();
                previousEpoch = i.getKey();
            }
        }
        return new Result(
                "d",
                "acting intervals of different epochs never overlap at a receiver",
                byReceiver.isEmpty() ? Validity.UNKNOWN : evidence.isEmpty() ? Validity.VALID : Validity.INVALID,
                byReceiver.size() + " receivers",
                evidence);
    }

    Result convergedAfterHeal(List<Op> ops) {
        String name =
                "after the last fault, one leader within " + convergenceBound.toSeconds() + " s, followers converged";
        long lastFault = ops.stream()
                .filter(o -> o.process().equals(ChaosCluster.HARNESS_PROCESS)
                        && o.is(EventType.NEMESIS)
                        && !o.f().equals(Nemesis.START))
                .mapToLong(Op::monoNanos)
                .max()
                .orElse(Long.MIN_VALUE);
        // The harness observes "settled" after the heal and again after the jobs finished: the first
        // observation is held to the bound, the last one to convergence, because leadership may still
        // move after the first (zk-down-short: a leader whose client declared LOST 1.7 s after the
        // servers were back handed over after the cluster had first settled).
        List<Op> settles = ops.stream()
                .filter(o -> o.f().equals(HarnessClient.SETTLED) && o.monoNanos() >= lastFault)
                .toList();
        if (settles.isEmpty()) {
            return new Result("e", name, Validity.UNKNOWN, "the run did not wait for the cluster to settle", List.of());
        }
        Op failed = settles.stream()
                .filter(o -> o.kind() == HistoryKind.FAIL)
                .findFirst()
                .orElse(null);
        if (failed != null) {
            return new Result(
                    "e", name, Validity.INVALID, "did not settle: " + failed.text("problem"), List.of(failed.quote()));
        }
        Op first = settles.get(0);
        Op last = settles.get(settles.size() - 1);
        List<String> evidence = new ArrayList<>();
        long tookNanos = lastFault == Long.MIN_VALUE ? 0 : first.monoNanos() - lastFault;
        if (tookNanos > convergenceBound.toNanos()) {
            evidence.add("settled " + tookNanos / 1_000_000 + " ms after the last fault ended (bound "
                    + convergenceBound.toMillis() + " ms)");
            evidence.add(first.quote());
        }
        long finalEpoch = last.epoch();
        evidence.addAll(registeredElsewhere(ops, last, finalEpoch));
        return new Result(
                "e",
                name,
                evidence.isEmpty() ? Validity.VALID : Validity.INVALID,
                "settled at resourcemanager epoch " + finalEpoch + ", first " + tookNanos / 1_000_000
                        + " ms after the last fault",
                evidence);
    }

    /** TaskExecutors whose last registration was not with the leader the run settled on. */
    private static List<String> registeredElsewhere(List<Op> ops, Op settled, long finalEpoch) {
        List<String> evidence = new ArrayList<>();
        // A TaskExecutor records its registration when the answer arrives, a moment after the leader (whom the harness
        // asked) counted it; so registrations are taken up to the harness's last observation, not up to "settled".
        long observedUntil = ops.stream()
                .filter(o -> o.process().equals(ChaosCluster.HARNESS_PROCESS))
                .mapToLong(Op::monoNanos)
                .max()
                .orElse(settled.monoNanos());
        Map<String, Op> lastRegister = new LinkedHashMap<>();
        for (Op o : ops) {
            if (o.is(EventType.REGISTER) && o.monoNanos() <= observedUntil) {
                lastRegister.put(o.process(), o);
            }
        }
        lastRegister.forEach((process, register) -> {
            if (register.epoch() != finalEpoch) {
                evidence.add(process + " last registered at epoch " + register.epoch() + ", the leader's epoch is "
                        + finalEpoch);
                evidence.add(register.quote());
            }
        });
        return evidence;
    }

    Result storeWritesCurrent(List<Op> ops) {
        List<String> evidence = new ArrayList<>();
        List<Op> writes = ops.stream().filter(o -> o.is(EventType.STORE_WRITE)).toList();
        for (Op w : writes) {
            long invoked = w.number(EventField.INVOKE_NANOS);
            grants(ops).stream()
                    .filter(g ->
                            g.component().equals(w.component()) && g.epoch() > w.epoch() && g.monoNanos() < invoked)
                    .findFirst()
                    .ifPresent(newer -> {
                        evidence.add("a write of epoch " + w.epoch() + " was started after epoch " + newer.epoch()
                                + " was granted, and it succeeded");
                        evidence.add(newer.quote());
                        evidence.add(w.quote());
                    });
        }
        long refused =
                ops.stream().filter(o -> o.is(EventType.CHECKPOINT_REFUSED)).count();
        return new Result(
                "f",
                "HA store writes only from the current epoch",
                evidence.isEmpty() ? Validity.VALID : Validity.INVALID,
                writes.size() + " writes, " + refused + " refused",
                evidence);
    }

    Result jobsExactlyOnce(List<Op> ops) {
        String name = "no acknowledged job lost, none completed twice";
        List<String> evidence = new ArrayList<>();
        Map<String, Op> acknowledged = new LinkedHashMap<>();
        Map<String, List<Op>> finished = new HashMap<>();
        Map<String, Op> finalState = new HashMap<>();
        for (Op o : ops) {
            if (o.f().equals(HarnessClient.SUBMIT) && o.kind() == HistoryKind.OK) {
                acknowledged.put(o.text(EventField.JOB), o);
            } else if (o.is(EventType.JOB_FINISHED)) {
                finished.computeIfAbsent(o.text(EventField.JOB), k -> new ArrayList<>())
                        .add(o);
            } else if (o.f().equals(HarnessClient.FINAL_JOB)) {
                finalState.put(o.text(EventField.JOB), o);
            }
        }
        if (acknowledged.isEmpty()) {
            return new Result("g", name, Validity.UNKNOWN, "no job was acknowledged", List.of());
        }
        Validity validity = Validity.VALID;
        for (String job : acknowledged.keySet()) {
            List<Op> done = finished.getOrDefault(job, List.of());
            if (done.size() > 1) {
                evidence.add("job " + job + " completed " + done.size() + " times");
                done.forEach(d -> evidence.add(d.quote()));
                validity = Validity.INVALID;
            }
            Op state = finalState.get(job);
            if (state == null || state.kind() == HistoryKind.FAIL) {
                evidence.add("job " + job + ": its final state in the store is not known");
                validity = validity.and(Validity.UNKNOWN);
            } else if (!Boolean.parseBoolean(state.text("stored"))) {
                evidence.add("job " + job + " was acknowledged but is not in the HA job store: lost");
                evidence.add(acknowledged.get(job).quote());
                validity = Validity.INVALID;
            } else if (!Boolean.parseBoolean(state.text("finished"))) {
                evidence.add("job " + job + " never finished (" + state.text(EventField.TICKS) + " ticks stored)");
                evidence.add(state.quote());
                validity = Validity.INVALID;
            }
        }
        return new Result(
                "g",
                name,
                validity,
                acknowledged.size() + " acknowledged, "
                        + finished.values().stream().mapToInt(List::size).sum() + " completions",
                evidence);
    }
}
