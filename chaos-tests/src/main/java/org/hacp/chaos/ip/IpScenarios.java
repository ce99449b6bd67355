package org.hacp.chaos.ip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.hacp.cluster.hosts.NamespaceHost;
import org.hacp.cluster.hosts.NamespaceHost.Kind;

/** The IP nemesis's scenario catalogue (issue 17). Durations scale with the session timeout T. */
public final class IpScenarios {
    private IpScenarios() {}

    /** Every scenario, the fast ones (run in {@code mvn verify}) first. */
    public static List<IpScenario> all() {
        return List.of(
                new IpScenario(
                        "zk-split-leader-minority",
                        "the ZooKeeper ensemble split 2|1, the leader JobManager on the minority side with one "
                                + "server: it loses its session's quorum and revokes; the majority elects a successor",
                        true,
                        IpScenarios::zooKeeperSplitLeaderMinority),
                new IpScenario(
                        "bridge",
                        "two halves joined only through one ZooKeeper server that sees both (Jepsen's bridge): "
                                + "the leader and one server on one side, the rest on the other",
                        true,
                        IpScenarios::bridge),
                new IpScenario(
                        "leader-cut-from-zk",
                        "every packet between the leader's host and the ZooKeeper hosts dropped for 2T; its "
                                + "TaskExecutors still reach it (with fencing off: the proof's scenario)",
                        true,
                        IpScenarios::leaderCutFromZooKeeper),
                new IpScenario(
                        "duplicate-te-leader",
                        "every packet between the TaskExecutors and the leader arrives twice for 2T, through "
                                + "a planned handover",
                        true,
                        IpScenarios::duplicateTaskExecutorLinks),
                new IpScenario(
                        "isolate-leader-host",
                        "the leader's host cut from every other host for 2T",
                        false,
                        IpScenarios::isolateLeaderHost),
                new IpScenario(
                        "majority-minority-leader-majority",
                        "split 5|3: the leader, two ZooKeeper servers, a standby and a TaskExecutor | the rest",
                        false,
                        IpScenarios::leaderOnMajority),
                new IpScenario(
                        "halves",
                        "split 4|4: two ZooKeeper servers, the leader and a TaskExecutor | one server, the "
                                + "standbys and the other TaskExecutor",
                        false,
                        IpScenarios::halves),
                new IpScenario(
                        "one-way-leader-to-taskexecutors",
                        "packets from the leader to the TaskExecutors dropped, the other direction flowing, for 2T",
                        false,
                        IpScenarios::oneWayLeaderToTaskExecutors),
                new IpScenario(
                        "ring", "each host reaches only its two neighbours in a ring for 2T", false, IpScenarios::ring),
                new IpScenario(
                        "loss-20",
                        "20 % of the packets on every link dropped for 30 s",
                        false,
                        c -> loss(c, 20, Duration.ofSeconds(30))),
                new IpScenario(
                        "flapping",
                        "the leader's host isolated and healed every T/2, ten times",
                        false,
                        IpScenarios::flapping));
    }

    /** The fast scenarios. */
    public static List<IpScenario> fast() {
        return all().stream().filter(IpScenario::fast).toList();
    }

    /** The scenario called {@code name}; fails listing the names. */
    public static IpScenario named(String name) {
        return all().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no IP scenario '" + name + "'; known: "
                        + all().stream().map(IpScenario::name).toList()));
    }

    private static Duration t(NamespaceCluster c) {
        return c.options().sessionTimeout();
    }

    private static void hold(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis()); // the fault's duration: time passing is the point, not a synchronization
    }

    private static NamespaceHost leaderHost(NamespaceCluster c) {
        HostProcess leader = c.client().leaderNode();
        if (leader == null) {
            throw new IllegalStateException("no leader to attack");
        }
        return leader.host();
    }

    private static List<NamespaceHost> others(NamespaceCluster c, Set<NamespaceHost> taken) {
        return c.hosts().stream().filter(h -> !taken.contains(h)).toList();
    }

    private static void zooKeeperSplitLeaderMinority(NamespaceCluster c) throws Exception {
        NamespaceHost leader = leaderHost(c);
        Set<NamespaceHost> minority = Set.of(leader, c.hosts(Kind.ZOOKEEPER).get(0));
        long epoch = c.client().dispatcherEpoch();
        c.nemesis().partition("split", List.of(minority, Set.copyOf(others(c, minority))));
        c.client().awaitLeaderAbove(epoch, t(c).multipliedBy(3));
        hold(t(c));
    }

    private static void bridge(NamespaceCluster c) throws Exception {
        NamespaceHost leader = leaderHost(c);
        List<NamespaceHost> zk = c.hosts(Kind.ZOOKEEPER);
        Set<NamespaceHost> left = Set.of(leader, zk.get(0));
        Set<NamespaceHost> bridgeAndLeft = Set.of(leader, zk.get(0), zk.get(1));
        c.nemesis().partition("bridge", List.of(left, Set.copyOf(others(c, bridgeAndLeft))));
        hold(t(c).multipliedBy(2));
    }

    private static void leaderCutFromZooKeeper(NamespaceCluster c) throws Exception {
        NamespaceHost leader = leaderHost(c);
        long epoch = c.client().dispatcherEpoch();
        c.nemesis().partition("partition-zk", List.of(Set.of(leader), Set.copyOf(c.hosts(Kind.ZOOKEEPER))));
        c.client().awaitLeaderAbove(epoch, t(c).multipliedBy(3));
        hold(t(c));
    }

    private static void duplicateTaskExecutorLinks(NamespaceCluster c) throws Exception {
        NamespaceHost leader = leaderHost(c);
        c.nemesis().duplicate(List.of(leader), c.hosts(Kind.TASK_EXECUTOR));
        hold(t(c));
        long epoch = c.client().dispatcherEpoch();
        c.nemesis().handover(Duration.ofSeconds(2));
        c.client().awaitLeaderAbove(epoch, t(c).multipliedBy(3));
        // The new leader's links duplicate too.
        c.nemesis().duplicate(List.of(leaderHost(c)), c.hosts(Kind.TASK_EXECUTOR));
        hold(t(c));
    }

    private static void isolateLeaderHost(NamespaceCluster c) throws Exception {
        c.nemesis().isolate(leaderHost(c));
        hold(t(c).multipliedBy(2));
    }

    private static void leaderOnMajority(NamespaceCluster c) throws Exception {
        NamespaceHost leader = leaderHost(c);
        List<NamespaceHost> zk = c.hosts(Kind.ZOOKEEPER);
        NamespaceHost standby = c.hosts(Kind.JOB_MANAGER).stream()
                .filter(h -> !h.equals(leader))
                .findFirst()
                .orElseThrow();
        Set<NamespaceHost> majority = Set.of(
                leader,
                zk.get(0),
                zk.get(1),
                standby,
                c.hosts(Kind.TASK_EXECUTOR).get(0));
        c.nemesis().partition("split", List.of(majority, Set.copyOf(others(c, majority))));
        hold(t(c).multipliedBy(2));
    }

    private static void halves(NamespaceCluster c) throws Exception {
        NamespaceHost leader = leaderHost(c);
        List<NamespaceHost> zk = c.hosts(Kind.ZOOKEEPER);
        Set<NamespaceHost> half =
                Set.of(zk.get(0), zk.get(1), leader, c.hosts(Kind.TASK_EXECUTOR).get(0));
        c.nemesis().partition("halves", List.of(half, Set.copyOf(others(c, half))));
        hold(t(c).multipliedBy(2));
    }

    private static void oneWayLeaderToTaskExecutors(NamespaceCluster c) throws Exception {
        c.nemesis().dropOneWay(List.of(leaderHost(c)), c.hosts(Kind.TASK_EXECUTOR));
        hold(t(c).multipliedBy(2));
    }

    private static void ring(NamespaceCluster c) throws Exception {
        // Interleaved so that every host has neighbours of other kinds.
        List<NamespaceHost> order = new ArrayList<>();
        List<NamespaceHost> zk = c.hosts(Kind.ZOOKEEPER);
        List<NamespaceHost> jm = c.hosts(Kind.JOB_MANAGER);
        List<NamespaceHost> te = c.hosts(Kind.TASK_EXECUTOR);
        for (int i = 0; i < 3; i++) {
            order.add(zk.get(i));
            order.add(jm.get(i));
            if (i < te.size()) {
                order.add(te.get(i));
            }
        }
        c.nemesis().ring(order);
        hold(t(c).multipliedBy(2));
    }

    private static void loss(NamespaceCluster c, int percent, Duration length) throws Exception {
        c.nemesis().loss(c.hosts(), percent);
        hold(length);
    }

    private static void flapping(NamespaceCluster c) throws Exception {
        NamespaceHost target = leaderHost(c);
        for (int i = 0; i < 10; i++) {
            // Whoever leads now; while an election runs, the last one attacked.
            HostProcess leader = c.client().leaderNode();
            target = leader == null ? target : leader.host();
            c.nemesis().isolate(target);
            hold(t(c).dividedBy(2));
            c.nemesis().heal();
            hold(t(c).dividedBy(2));
        }
    }
}
