package org.hacp.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.hacp.cluster.Component;
import org.hacp.config.ConfigReader;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.HaConfig;
import org.hacp.ha.zookeeper.ZooKeeperEnsemble;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.leader.LeaderContender;
import org.hacp.leader.LeaderElection;
import org.hacp.leader.LeaderInformation;
import org.hacp.leader.LeaderRetrievalListener;
import org.hacp.leader.LeaderRetrievalService;
import org.hacp.net.TcpForwarder;
import org.hacp.threads.CommandExit;

/**
 * Leader handover on a real 3-server ZooKeeper ensemble. Planned: the leader closes its election;
 * measured until the successor is granted, has published, and an independent retrieval listener
 * is notified. Crash: every ZooKeeper link of the leader is cut, so the servers expire its session
 * exactly as if the process had died; measured against the session timeout T.
 *
 * <p>Usage: {@code HandoverBenchmark [--planned N] [--crashes N] [--session-timeout-ms T]}.
 */
public final class HandoverBenchmark {
    private static final String COMPONENT = Component.DISPATCHER.id();

    /** A contender process: its own links, client, election; times of its grant and publish. */
    private static final class Proc implements LeaderContender, AutoCloseable {
        final String name;
        final List<TcpForwarder> links = new ArrayList<>();
        final ZooKeeperHaServices services;
        final LeaderElection election;
        volatile FencingToken token;
        volatile long grantedAt;
        volatile long publishedAt;

        Proc(String name, ZooKeeperEnsemble ensemble, HaConfig base) throws Exception {
            this.name = name;
            StringBuilder connect = new StringBuilder();
            for (String server : ensemble.connectString().split(",")) {
                TcpForwarder link = new TcpForwarder(Integer.parseInt(server.substring(server.lastIndexOf(':') + 1)));
                links.add(link);
                connect.append(connect.length() == 0 ? "" : ",")
                        .append("127.0.0.1:")
                        .append(link.port());
            }
            services = ZooKeeperHaServices.start(base.withConnectString(connect.toString()), name, e -> {});
            election = services.leaderElection(COMPONENT);
            election.startLeaderElection(this);
        }

        @Override
        public void grantLeadership(FencingToken granted) {
            grantedAt = System.nanoTime();
            token = granted;
            election.confirmLeadership(granted, "pekko://hacp@127.0.0.1:1/user/rpc/" + name)
                    .thenRun(() -> publishedAt = System.nanoTime());
        }

        @Override
        public void revokeLeadership() {
            token = null;
        }

        @Override
        public void handleError(Throwable error) {
            error.printStackTrace();
        }

        void crash() {
            links.forEach(TcpForwarder::cut);
        }

        @Override
        public void close() throws Exception {
            services.close();
            for (TcpForwarder link : links) {
                link.close();
            }
        }
    }

    private record Notified(LeaderInformation info, long at) {}

    private record Trial(double grantMs, double publishMs, double notifyMs) {}

    private final ZooKeeperEnsemble ensemble;
    private final HaConfig base;
    private final int sessionMs;
    private final BlockingQueue<Notified> notifications = new LinkedBlockingQueue<>();
    private final List<Proc> procs = new ArrayList<>();
    private int next;

    private HandoverBenchmark(ZooKeeperEnsemble ensemble, HaConfig base, int sessionMs) {
        this.ensemble = ensemble;
        this.base = base;
        this.sessionMs = sessionMs;
    }

    public static void main(String[] args) {
        CommandExit.run(() -> {
            measure(args);
            return 0;
        });
    }

    private static void measure(String[] args) throws Exception {
        int planned = intArg(args, "--planned", 25);
        int crashes = intArg(args, "--crashes", 5);
        int sessionMs = intArg(args, "--session-timeout-ms", 2000);
        System.out.printf(
                "Handover benchmark: 3-server ZooKeeper ensemble, session timeout %d ms, %d planned, %d crash trials%n",
                sessionMs, planned, crashes);
        try (ZooKeeperEnsemble ensemble = ZooKeeperEnsemble.start(3, Math.max(50, sessionMs / 10))) {
            HaConfig base = HaConfig.from(
                    ConfigReader.parse("hacp.ha { cluster-id = handover-bench, zookeeper {" + " session-timeout = "
                            + sessionMs + "ms, connection-timeout = " + Math.max(200, sessionMs / 2) + "ms } }"));
            new HandoverBenchmark(ensemble, base, sessionMs).run(planned, crashes);
        }
    }

    private void run(int planned, int crashes) throws Exception {
        ZooKeeperHaServices observer =
                ZooKeeperHaServices.start(base.withConnectString(ensemble.connectString()), "observer", e -> {});
        LeaderRetrievalService retrieval = observer.leaderRetriever(COMPONENT);
        retrieval.start(new LeaderRetrievalListener() {
            @Override
            public void notifyLeaderAddress(Optional<LeaderInformation> leader) {
                leader.ifPresent(i -> notifications.add(new Notified(i, System.nanoTime())));
            }

            @Override
            public void handleError(Exception error) {
                error.printStackTrace();
            }
        });
        procs.add(newProc());
        procs.add(newProc());
        CuratorFramework bareA = ZooKeeperHaServices.newClient(base, ensemble.connectString());
        CuratorFramework bareB = ZooKeeperHaServices.newClient(base, ensemble.connectString());
        bareA.start();
        bareB.start();
        bareA.blockUntilConnected();
        bareB.blockUntilConnected();
        List<Double> bareTrials = new ArrayList<>();
        List<Trial> plannedTrials = new ArrayList<>();
        List<Trial> crashTrials = new ArrayList<>();
        for (int t = 0; t < planned + crashes; t++) {
            boolean crash = t >= planned;
            if (!crash) {
                bareTrials.add(bareLatchHandover(bareA, bareB, "/bare-latch"));
            }
            (crash ? crashTrials : plannedTrials).add(trial(crash));
        }
        report(bareTrials, plannedTrials, crashTrials, sessionMs);
        bareA.close();
        bareB.close();
        for (Proc p : procs) {
            p.close();
        }
        retrieval.close();
        observer.close();
    }

    private Proc newProc() throws Exception {
        return new Proc("jm-" + next++, ensemble, base);
    }

    /** One handover: the leader closes its services (planned) or loses its ZooKeeper links (crash). */
    private Trial trial(boolean crash) throws Exception {
        Proc leader = awaitLeader(procs, notifications);
        long oldEpoch = leader.token.epoch();
        notifications.clear();
        long t0 = System.nanoTime();
        if (crash) {
            leader.crash();
        } else {
            leader.services.close();
        }
        Notified n = awaitNotified(notifications, oldEpoch, sessionMs * 5L);
        Proc successor = procs.stream()
                .filter(p -> n.info().address().endsWith("/" + p.name))
                .findFirst()
                .orElseThrow(() ->
                        new IllegalStateException("notified leader " + n.info() + " is not one of the contenders"));
        // The successor's publish future may complete a moment after the observer heard of it.
        long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while ((successor.grantedAt < t0 || successor.publishedAt < t0) && System.nanoTime() < settle) {
            Thread.onSpinWait();
        }
        Trial trial = new Trial(ms(successor.grantedAt - t0), ms(successor.publishedAt - t0), ms(n.at() - t0));
        procs.remove(leader);
        if (crash) {
            leader.close();
        }
        for (TcpForwarder link : leader.links) {
            link.close();
        }
        procs.add(newProc());
        return trial;
    }

    /** The floor: a bare Curator LeaderLatch hands over from a closing leader to the next in line. */
    private static double bareLatchHandover(CuratorFramework a, CuratorFramework b, String path) throws Exception {
        LeaderLatch first = new LeaderLatch(a, path, "a");
        first.start();
        first.await();
        CountDownLatch won = new CountDownLatch(1);
        LeaderLatch second = new LeaderLatch(b, path, "b");
        second.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                won.countDown();
            }

            @Override
            public void notLeader() {}
        });
        second.start();
        while (first.getParticipants().size() < 2) {
            Thread.onSpinWait();
        }
        long t0 = System.nanoTime();
        first.close();
        if (!won.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("bare latch did not hand over");
        }
        double ms = ms(System.nanoTime() - t0);
        second.close();
        return ms;
    }

    private static Proc awaitLeader(List<Proc> procs, BlockingQueue<Notified> notifications)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            for (Proc p : procs) {
                FencingToken token = p.token;
                if (token != null && p.publishedAt != 0 && p.publishedAt > p.grantedAt) {
                    return p;
                }
            }
            Notified ignored = notifications.poll(20, TimeUnit.MILLISECONDS);
        }
        throw new IllegalStateException("no leader published within 60 s");
    }

    private static Notified awaitNotified(BlockingQueue<Notified> notifications, long oldEpoch, long timeoutMs)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (true) {
            long left = deadline - System.nanoTime();
            Notified n = notifications.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (n == null) {
                throw new IllegalStateException("no new leader announced within " + timeoutMs + " ms");
            }
            if (n.info().epoch() > oldEpoch) {
                return n;
            }
        }
    }

    private static void report(List<Double> bare, List<Trial> planned, List<Trial> crashes, int sessionMs) {
        System.out.println();
        System.out.println("planned handover (leader closes), ms from close     median      p99      max");
        double[] bareMs = bare.stream().mapToDouble(Double::doubleValue).toArray();
        line("  baseline: bare Curator LeaderLatch handover", bareMs);
        line("  successor granted", planned.stream().mapToDouble(Trial::grantMs).toArray());
        line(
                "  leader information published",
                planned.stream().mapToDouble(Trial::publishMs).toArray());
        double[] notify = planned.stream().mapToDouble(Trial::notifyMs).toArray();
        line("  retrieval listener notified", notify);
        double median = percentile(notify, 50);
        System.out.printf(
                "  notified median = %.2fx the bare LeaderLatch median (same run, same ensemble)%n",
                median / percentile(bareMs, 50));
        System.out.printf("  target: notified median <= 25 ms: %s%n", median <= 25 ? "met" : "MISSED");
        System.out.println();
        System.out.printf("crash handover (all ZooKeeper links of the leader cut), T = %d ms%n", sessionMs);
        System.out.println("  trial   granted ms   published ms   notified ms   published / T");
        int i = 1;
        boolean met = true;
        for (Trial t : crashes) {
            System.out.printf(
                    "  %5d %12.1f %14.1f %13.1f %13.2fx%n",
                    i++, t.grantMs(), t.publishMs(), t.notifyMs(), t.publishMs() / sessionMs);
            met &= t.publishMs() <= sessionMs + 500;
        }
        System.out.printf(
                "  target: published <= T + 500 ms in every trial: %s%n",
                crashes.isEmpty() ? "n/a" : met ? "met" : "MISSED");
    }

    private static void line(String label, double[] values) {
        System.out.printf(
                "%-46s %8.1f %8.1f %8.1f%n",
                label,
                percentile(values, 50),
                percentile(values, 99),
                Arrays.stream(values).max().orElse(0));
    }

    private static double percentile(double[] values, double p) {
        double[] v = values.clone();
        Arrays.sort(v);
        if (v.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * v.length) - 1;
        return v[Math.max(0, Math.min(v.length - 1, index))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static int intArg(String[] args, String name, int fallback) {
        int i = Arrays.asList(args).indexOf(name);
        if (i < 0) {
            return fallback;
        }
        return Integer.parseInt(args[i + 1]);
    }
}
