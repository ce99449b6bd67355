package org.hacp.chaos.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import org.apache.curator.test.InstanceSpec;
import org.hacp.chaos.cluster.ChaosCluster;
import org.hacp.chaos.cluster.ChaosNode;
import org.hacp.cluster.Component;
import org.hacp.cluster.job.JobSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seeded schedule mixing the catalogue's faults for a given duration: each round picks a
 * fault, a target and a length from the seed, applies it, ends it, and leaves a quiet gap; every
 * few rounds a job is submitted. Clock skews (issue 33) are left in place until a later round sets
 * that process's clock again, as a host's clock stays off until someone fixes it. The same seed gives the same schedule (what the cluster does in
 * between still depends on timing).
 */
public final class RandomNemesis implements Scenario.Body {
    private static final Logger LOG = LoggerFactory.getLogger(RandomNemesis.class);

    private final long seed;
    private final Duration duration;

    public RandomNemesis(long seed, Duration duration) {
        this.seed = seed;
        this.duration = duration;
    }

    public Scenario scenario() {
        return new Scenario(
                        "random-" + seed,
                        "seeded nemesis schedule, seed " + seed + ", " + duration.toSeconds() + " s",
                        false,
                        this)
                .withClockFaults();
    }

    @Override
    public void run(ChaosCluster c) throws Exception {
        Random random = new Random(seed);
        long t = c.options().sessionTimeout().toMillis();
        long end = System.nanoTime() + duration.toNanos();
        int round = 0;
        while (System.nanoTime() < end) {
            round++;
            int fault = random.nextInt(10);
            long length = t / 2 + (long) (random.nextDouble() * 2 * t);
            List<ChaosNode> jms = c.jobManagers();
            ChaosNode target = jms.get(random.nextInt(jms.size()));
            ChaosNode leader = Objects.requireNonNullElse(c.client().leaderNode(), target);
            LOG.info("random nemesis seed {} round {}: fault {} for {} ms", seed, round, fault, length);
            applyFault(c, random, fault, length, leader, target);
            pause(500 + random.nextInt((int) t));
            if (round % 3 == 0) {
                c.client().submit(new JobSpec("soak", 2, 20, 100), Duration.ofSeconds(10));
            }
        }
    }

    /** One round's fault, held for {@code length} ms; the random draws stay in schedule order (seeds replay). */
    private static void applyFault(
            ChaosCluster c, Random random, int fault, long length, ChaosNode leader, ChaosNode target)
            throws Exception {
        long t = c.options().sessionTimeout().toMillis();
        switch (fault) {
            case 0 -> {
                c.nemesis().kill(leader);
                pause(length);
                c.nemesis().restart(leader);
            }
            case 1 -> {
                c.nemesis().pause(leader);
                pause(length);
                c.nemesis().resume(leader);
            }
            case 2 -> {
                c.nemesis().cutFromZooKeeper(leader, random.nextBoolean());
                pause(length);
                c.nemesis().heal();
            }
            case 3 -> {
                c.nemesis().cutInbound(List.of(leader));
                pause(length);
                c.nemesis().heal();
            }
            case 4 -> {
                c.nemesis().isolate(List.of(target));
                pause(length);
                c.nemesis().heal();
            }
            case 5 -> {
                InstanceSpec zk = c.nemesis().zooKeeperServers().get(random.nextInt(3));
                c.nemesis().killZooKeeper(zk);
                pause(length);
                c.nemesis().restartZooKeeper(zk);
            }
            case 6 -> {
                c.nemesis()
                        .zooKeeperLatency(
                                Duration.ofMillis(t / 3 + random.nextInt((int) Math.max(1, t / 3))),
                                Duration.ofMillis(t / 10));
                pause(length);
                c.nemesis().heal();
            }
            case 7 -> {
                if (c.client().leaderOf(Component.DISPATCHER) != null) {
                    c.nemesis().handover(Duration.ofMillis(500 + random.nextInt(2000)));
                }
                pause(length);
            }
            case 9 -> {
                // A process's wall clock off by up to an hour either way, or set right again (issue 33).
                List<ChaosNode> nodes = c.nodes();
                ChaosNode skewed = nodes.get(random.nextInt(nodes.size()));
                long seconds = random.nextBoolean() ? 0 : (long) ((random.nextDouble() * 2 - 1) * 3600);
                c.nemesis().skewClock(skewed, Duration.ofSeconds(seconds));
                pause(length);
            }
            default -> {
                for (ChaosNode n : c.nodes()) {
                    c.nemesis().resetConnections(n);
                }
                pause(length);
            }
        }
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis); // a fault's length in the schedule, not a synchronization
    }
}
