package org.hacp.chaos.ip;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.hacp.cluster.hosts.NamespaceHost;
import org.hacp.cluster.hosts.NamespaceHost.Kind;
import org.hacp.cluster.job.JobSpec;

/**
 * A seeded random schedule of IP faults for soaks: for {@code duration}, one fault at a time — a
 * random 2-way partition, the leader's host isolated, a ring, 10–30 % loss everywhere, duplication
 * on the TaskExecutor links, a kill -9 or a pause of a random JobManager — held for T/2..2T, then
 * healed (processes restored) and given T to recover; every third round a job is submitted, so
 * jobs run through the faults. The same seed gives the same schedule of choices (which hosts the
 * cluster's state picks, such as the current leader, may differ).
 */
public final class RandomIpNemesis {
    private RandomIpNemesis() {}

    /** The soak as a scenario named {@code random-seed-<seed>}. */
    public static IpScenario scenario(long seed, Duration duration) {
        return new IpScenario(
                "random-seed-" + seed,
                "seeded random IP faults for " + duration.toSeconds() + " s (seed " + seed + ")",
                false,
                c -> run(c, new Random(seed), duration));
    }

    private static void run(NamespaceCluster c, Random random, Duration duration) throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        Duration t = c.options().sessionTimeout();
        int round = 0;
        while (System.nanoTime() < end) {
            round++;
            fault(c, random);
            Thread.sleep(t.toMillis() / 2 + random.nextInt((int) (t.toMillis() * 3 / 2))); // the fault's duration
            c.nemesis().restoreProcesses();
            c.nemesis().heal();
            Thread.sleep(t.toMillis()); // time to recover before the next fault
            if (round % 3 == 0) {
                c.client().submit(new JobSpec("soak", 2, 40, 100), Duration.ofSeconds(10));
            }
        }
    }

    private static void fault(NamespaceCluster c, Random random) throws Exception {
        List<NamespaceHost> hosts = new ArrayList<>(c.hosts());
        HostProcess leader = c.client().leaderNode();
        List<HostProcess> jobManagers = c.jobManagers();
        switch (random.nextInt(7)) {
            case 0 -> {
                Collections.shuffle(hosts, random);
                int cut = 1 + random.nextInt(hosts.size() - 1);
                c.nemesis()
                        .partition(
                                "random-partition",
                                List.of(
                                        Set.copyOf(hosts.subList(0, cut)),
                                        Set.copyOf(hosts.subList(cut, hosts.size()))));
            }
            case 1 -> c.nemesis().isolate(leader == null ? hosts.get(random.nextInt(hosts.size())) : leader.host());
            case 2 -> {
                Collections.shuffle(hosts, random);
                c.nemesis().ring(hosts);
            }
            case 3 -> c.nemesis().loss(c.hosts(), 10 + random.nextInt(21));
            case 4 -> c.nemesis().duplicate(c.hosts(Kind.JOB_MANAGER), c.hosts(Kind.TASK_EXECUTOR));
            case 5 -> c.nemesis().kill(jobManagers.get(random.nextInt(jobManagers.size())));
            default -> c.nemesis().pause(jobManagers.get(random.nextInt(jobManagers.size())));
        }
    }
}
