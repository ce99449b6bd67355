package org.hacp.chaos.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.curator.test.InstanceSpec;
import org.hacp.chaos.cluster.ChaosCluster;
import org.hacp.chaos.cluster.ChaosCluster.Node;
import org.hacp.cluster.job.JobSpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A seeded schedule mixing the catalogue's faults for a given duration: each round picks a
 * fault, a target and a length from the seed, applies it, ends it, and leaves a quiet gap; every
 * few rounds a job is submitted. The same seed gives the same schedule (what the cluster does in
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
                this);
    }

    @Override
    public void run(ChaosCluster c) throws Exception {
        Random random = new Random(seed);
        long t = c.options().sessionTimeout().toMillis();
        long end = System.nanoTime() + duration.toNanos();
        int round = 0;
        while (System.nanoTime() < end) {
            round++;
            int fault = random.nextInt(9);
            long length = t / 2 + (long) (random.nextDouble() * 2 * t);
            List<Node> jms = c.jobManagers();
            Node target = jms.get(random.nextInt(jms.size()));
            Node leader = java.util.Objects.requireNonNullElse(c.leaderNode(), target);
            LOG.info("random nemesis seed {} round {}: fault {} for {} ms", seed, round, fault, length);
            switch (fault) {
                case 0 -> {
                    c.kill(leader);
                    pause(length);
                    c.restart(leader);
                }
                case 1 -> {
                    c.pause(leader);
                    pause(length);
                    c.resume(leader);
                }
                case 2 -> {
                    c.cutFromZooKeeper(leader, random.nextBoolean());
                    pause(length);
                    c.heal();
                }
                case 3 -> {
                    c.cutInbound(List.of(leader));
                    pause(length);
                    c.heal();
                }
                case 4 -> {
                    c.isolate(List.of(target));
                    pause(length);
                    c.heal();
                }
                case 5 -> {
                    InstanceSpec zk = c.zooKeeperServers().get(random.nextInt(3));
                    c.killZooKeeper(zk);
                    pause(length);
                    c.restartZooKeeper(zk);
                }
                case 6 -> {
                    c.zooKeeperLatency(
                            Duration.ofMillis(t / 3 + random.nextInt((int) Math.max(1, t / 3))),
                            Duration.ofMillis(t / 10));
                    pause(length);
                    c.heal();
                }
                case 7 -> {
                    if (c.leaderOf("dispatcher") != null) {
                        c.handover(Duration.ofMillis(500 + random.nextInt(2000)));
                    }
                    pause(length);
                }
                default -> {
                    for (Node n : c.nodes()) {
                        c.resetConnections(n);
                    }
                    pause(length);
                }
            }
            pause(500 + random.nextInt((int) t));
            if (round % 3 == 0) {
                c.submit(new JobSpec("soak", 2, 20, 100), Duration.ofSeconds(10));
            }
        }
    }

    private static void pause(long millis) throws InterruptedException {
        Thread.sleep(millis); // a fault's length in the schedule, not a synchronization
    }
}
