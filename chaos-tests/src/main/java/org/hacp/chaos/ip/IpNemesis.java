package org.hacp.chaos.ip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.hacp.chaos.cluster.Nemesis;
import org.hacp.chaos.cluster.NemesisSteps;
import org.hacp.chaos.cluster.ProcessSignals;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.hosts.NamespaceHost;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Faults at the IP level between namespace hosts, as Jepsen makes them: partitions by host sets
 * (ZooKeeper's own quorum links included), one-way drops, random loss and duplication of packets
 * on chosen links, heal; and process faults (kill -9, SIGSTOP/SIGCONT, restart). Packet faults
 * accumulate until {@link #heal()}: each adds rules to the hosts it touches and re-applies their
 * whole table at once. Latency is not here: this kernel has no netem; the TCP proxies of the
 * local chaos cluster add it. Every action is recorded as a {@code nemesis} step before it is
 * taken, with the same step names as {@link Nemesis}, so the checker and timeline read both.
 * Used by one scenario thread at a time.
 */
public final class IpNemesis {
    private static final Logger LOG = LoggerFactory.getLogger(IpNemesis.class);
    private static final String DEVICE = "eth0";

    private final NamespaceCluster cluster;
    private final NemesisSteps steps;
    private final Map<String, List<String>> input = new LinkedHashMap<>();
    private final Map<String, List<String>> output = new LinkedHashMap<>();

    IpNemesis(NamespaceCluster cluster, EventLog log) {
        this.cluster = cluster;
        this.steps = new NemesisSteps(log);
    }

    void started(Duration sessionTimeout) {
        steps.started(sessionTimeout);
    }

    private void act(String f, String phase, Object... details) {
        steps.act(f, phase, details);
    }

    private static String names(Collection<NamespaceHost> hosts) {
        return String.join(",", hosts.stream().map(NamespaceHost::name).toList());
    }

    // ------------------------------------------------------------------ packet faults

    /**
     * A partition into {@code sides}: no packet between hosts of different sides, in either
     * direction. Hosts in no side keep every link (a bridge between the sides, for instance).
     */
    public void partition(String f, List<Set<NamespaceHost>> sides) throws Exception {
        List<String> described = sides.stream().map(IpNemesis::names).toList();
        act(f, "start", "sides", String.join("|", described));
        for (int i = 0; i < sides.size(); i++) {
            for (int j = 0; j < sides.size(); j++) {
                if (i != j) {
                    for (NamespaceHost a : sides.get(i)) {
                        for (NamespaceHost b : sides.get(j)) {
                            rule(input, a, "ip saddr " + b.address() + " drop");
                            rule(output, a, "ip daddr " + b.address() + " drop");
                        }
                    }
                }
            }
        }
        applyAll(sides.stream().flatMap(Set::stream).toList());
    }

    /** {@code host} cut from every other host (the root namespace's observer still reaches it). */
    public void isolate(NamespaceHost host) throws Exception {
        List<NamespaceHost> others =
                cluster.hosts().stream().filter(h -> !h.equals(host)).toList();
        partition("isolate", List.of(Set.of(host), Set.copyOf(others)));
    }

    /** Each host reaches only its two neighbours in {@code order} (a ring). */
    public void ring(List<NamespaceHost> order) throws Exception {
        act("ring", "start", "order", names(order));
        int n = order.size();
        for (int i = 0; i < n; i++) {
            NamespaceHost a = order.get(i);
            for (int j = 0; j < n; j++) {
                int distance = Math.abs(i - j);
                if (j != i && distance != 1 && distance != n - 1) {
                    NamespaceHost b = order.get(j);
                    rule(input, a, "ip saddr " + b.address() + " drop");
                    rule(output, a, "ip daddr " + b.address() + " drop");
                }
            }
        }
        applyAll(order);
    }

    /** Packets from {@code from} to {@code to} are dropped; the other direction flows. */
    public void dropOneWay(Collection<NamespaceHost> from, Collection<NamespaceHost> to) throws Exception {
        act("drop-one-way", "start", "from", names(from), "to", names(to));
        for (NamespaceHost b : to) {
            for (NamespaceHost a : from) {
                rule(input, b, "ip saddr " + a.address() + " drop");
            }
        }
        applyAll(to);
    }

    /** Each packet between any two of {@code hosts} is dropped with probability {@code percent} %. */
    public void loss(Collection<NamespaceHost> hosts, int percent) throws Exception {
        if (percent < 1 || percent > 100) {
            throw new IllegalArgumentException("loss must be 1..100 %, not " + percent);
        }
        act("loss", "start", "hosts", names(hosts), "percent", percent);
        for (NamespaceHost b : hosts) {
            for (NamespaceHost a : hosts) {
                if (!a.equals(b)) {
                    rule(input, b, "ip saddr " + a.address() + " numgen random mod 100 < " + percent + " drop");
                }
            }
        }
        applyAll(hosts);
    }

    /** Every packet between each host of {@code left} and each of {@code right} arrives twice. */
    public void duplicate(Collection<NamespaceHost> left, Collection<NamespaceHost> right) throws Exception {
        act("duplicate", "start", "left", names(left), "right", names(right));
        for (NamespaceHost a : left) {
            for (NamespaceHost b : right) {
                rule(output, a, "ip daddr " + b.address() + " dup to " + b.address() + " device \"" + DEVICE + "\"");
                rule(output, b, "ip daddr " + a.address() + " dup to " + a.address() + " device \"" + DEVICE + "\"");
            }
        }
        List<NamespaceHost> touched = new ArrayList<>(left);
        touched.addAll(right);
        applyAll(touched);
    }

    /** Removes every packet fault from every host. */
    public void heal() throws Exception {
        input.clear();
        output.clear();
        for (NamespaceHost h : cluster.hosts()) {
            PacketFilter.apply(h, PacketFilter.Rules.NONE);
        }
        act(Nemesis.HEAL, "end");
    }

    private static void rule(Map<String, List<String>> chain, NamespaceHost host, String rule) {
        List<String> rules = chain.computeIfAbsent(host.name(), k -> new ArrayList<>());
        if (!rules.contains(rule)) {
            rules.add(rule);
        }
    }

    private void applyAll(Collection<NamespaceHost> hosts) throws Exception {
        for (NamespaceHost h : Set.copyOf(hosts)) {
            PacketFilter.apply(
                    h,
                    new PacketFilter.Rules(
                            input.getOrDefault(h.name(), List.of()), output.getOrDefault(h.name(), List.of())));
        }
    }

    // ------------------------------------------------------------------ process faults

    /** kill -9 of the host's process. */
    public void kill(HostProcess p) throws Exception {
        act("kill", "start", "node", p.id());
        resumeIfPaused(p);
        ProcessSignals.send(p.pid(), "-KILL");
        // Not our child: its exit is seen by polling; bounded, as a reaper that is slow to collect
        // it must not stall the scenario (a restart checks liveness again).
        ProcessHandle.of(p.pid()).ifPresent(h -> {
            try {
                h.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("{} still listed 10 s after SIGKILL: {}", p, e.toString());
            }
        });
    }

    /** SIGSTOP: the process freezes. */
    public void pause(HostProcess p) throws Exception {
        act("pause", "start", "node", p.id());
        ProcessSignals.send(p.pid(), "-STOP");
        p.paused(true);
    }

    /** SIGCONT. */
    public void resume(HostProcess p) throws Exception {
        ProcessSignals.send(p.pid(), "-CONT");
        p.paused(false);
        act("pause", "end", "node", p.id());
    }

    private void resumeIfPaused(HostProcess p) {
        if (p.paused()) {
            try {
                resume(p);
            } catch (Exception e) {
                LOG.warn("Could not resume {}: {}", p, e.toString());
            }
        }
    }

    void resumeAll() {
        cluster.processes().forEach(this::resumeIfPaused);
    }

    /** Starts a dead host process again with {@code bin/hacp}, in its namespace. */
    public void restart(HostProcess p) throws Exception {
        act("restart", "start", "node", p.id());
        cluster.script(Duration.ofMinutes(2), List.of("start", p.host().name()));
        p.refreshPid();
        act("restart", "end", "node", p.id());
    }

    /** Resumes every paused process and restarts every dead one. */
    public void restoreProcesses() throws Exception {
        for (HostProcess p : cluster.processes()) {
            resumeIfPaused(p);
            if (!p.alive()) {
                restart(p);
            }
        }
    }

    /** Asks the dispatcher leader to step down (a planned handover), staying out for {@code stayOut}. */
    public void handover(Duration stayOut) throws Exception {
        steps.handover(cluster.clusterClient(), stayOut);
    }

    /** Records a free-form marker (scenario phases) in the nemesis log. */
    public void mark(String what) {
        steps.mark(what);
    }
}
