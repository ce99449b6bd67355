package org.hacp.cluster.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.File;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.hacp.cluster.Component;
import org.hacp.cluster.client.ClusterClient;
import org.hacp.cluster.client.ClusterSession;
import org.hacp.cluster.dispatcher.DispatcherGateway;
import org.hacp.cluster.job.JobSpec;
import org.hacp.cluster.job.JobStatus;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import org.hacp.config.ConfigSources;
import org.hacp.ha.HaConfig;
import org.hacp.ha.HaServicesException;
import org.hacp.leader.LeaderInformation;
import org.hacp.rpc.RpcConfig;
import org.hacp.threads.CommandExit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * The operators' command line. Exit codes: 0 done; 2 bad usage; 3 ZooKeeper unreachable; 4 no
 * leader known for a component; 5 the leader could not be reached or refused the call; 6 a
 * handover did not complete in time; 7 an upgrade step was refused (the message says why; nothing
 * written).
 */
@Command(
        name = "hactl",
        mixinStandardHelpOptions = true,
        description = "Operate an HA Control Plane cluster.",
        subcommands = {
            StatusCommand.class,
            TopCommand.class,
            Hactl.Submit.class,
            Hactl.Jobs.class,
            Hactl.Handover.class,
            UpgradeCommand.class
        })
public final class Hactl {
    static final int ZOOKEEPER_UNREACHABLE = 3;
    static final int NO_LEADER = 4;
    static final int LEADER_UNREACHABLE = 5;
    static final int HANDOVER_INCOMPLETE = 6;
    static final int UPGRADE_REFUSED = 7;

    @Option(names = "--zk", description = "ZooKeeper connect string (overrides the config file).")
    String zk;

    @Option(names = "--cluster-id", description = "Cluster id (overrides the config file).")
    String clusterId;

    @Option(names = "--config", description = "HOCON configuration file.")
    File config;

    @Option(
            names = "--timeout",
            defaultValue = "10s",
            description = "How long to wait for ZooKeeper and leaders (default ${DEFAULT-VALUE}).")
    String timeout;

    public static void main(String[] args) {
        CommandExit.exit(new CommandLine(new Hactl()).execute(args));
    }

    /** A failure with its exit code and a one-line message. */
    static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    /** Connections every subcommand needs: ZooKeeper (HA services) and an RPC service. */
    final class Session implements AutoCloseable {
        final Duration wait;
        final ClusterSession connections;
        final ClusterClient client;

        Session() {
            Config c = ConfigFactory.empty();
            if (zk != null) {
                c = c.withFallback(ConfigFactory.parseMap(Map.of("hacp.ha.zookeeper.connect-string", zk)));
            }
            if (clusterId != null) {
                c = c.withFallback(ConfigFactory.parseMap(Map.of("hacp.ha.cluster-id", clusterId)));
            }
            if (config != null) {
                c = c.withFallback(ConfigSources.file(config.toPath()));
            }
            ConfigReader reader = ConfigReader.of(
                    c.withFallback(ConfigFactory.parseString("hacp.ha.zookeeper.connection-timeout = 2s")));
            wait = ConfigReader.parseDuration(timeout, "--timeout");
            HaConfig haConfig = HaConfig.from(reader);
            if (haConfig.connectString().isBlank()) {
                throw new Failure(
                        2, "no ZooKeeper given: use --zk host:port[,host:port] or hacp.ha.zookeeper.connect-string");
            }
            try {
                connections = ClusterSession.open(
                        "hactl", haConfig, RpcConfig.from(reader), reader, (component, leader) -> {});
            } catch (HaServicesException e) {
                throw new Failure(ZOOKEEPER_UNREACHABLE, e.getMessage());
            }
            client = connections.client();
        }

        LeaderInformation leader(Component component) {
            return leader(component, leader -> true);
        }

        LeaderInformation leader(Component component, Predicate<LeaderInformation> condition) {
            try {
                return client.awaitLeader(component, condition, wait);
            } catch (TimeoutException e) {
                throw new Failure(
                        NO_LEADER, "no leader known for '" + component + "' within " + wait.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Failure(1, "interrupted");
            }
        }

        DispatcherGateway dispatcher() {
            LeaderInformation leader = leader(Component.DISPATCHER);
            try {
                return client.dispatcher(leader).get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new Failure(
                        LEADER_UNREACHABLE,
                        "cannot reach the dispatcher leader at " + leader.address() + ": " + rootMessage(e));
            }
        }

        <T> T call(String what, CompletableFuture<T> call) {
            try {
                return call.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new Failure(LEADER_UNREACHABLE, what + " failed: " + rootMessage(e));
            }
        }

        /** Closes the connections; the command's answers are in, so a close that fails is only logged (issue 28). */
        @Override
        public void close() {
            connections.close();
        }
    }

    static String rootMessage(Throwable t) {
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    /** Runs {@code body} in a session, turning failures into their exit code and one line on stderr. */
    int run(ToIntFunction<Session> body) {
        try (Session session = new Session()) {
            return body.applyAsInt(session);
        } catch (Failure f) {
            System.err.println("hactl: " + f.getMessage());
            return f.exitCode;
        } catch (ConfigException e) {
            System.err.println("hactl: configuration error: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("hactl: " + rootMessage(e));
            return 1;
        }
    }

    @Command(name = "jobs", description = "Jobs known to the leader, with progress.")
    static final class Jobs implements Callable<Integer> {
        @ParentCommand
        Hactl hactl;

        @Override
        public Integer call() {
            return hactl.run(s -> {
                printJobs(System.out, s.call("listing jobs", s.dispatcher().listJobs()));
                return 0;
            });
        }
    }

    static void printJobs(PrintStream out, List<JobStatus> jobs) {
        out.println("jobs             " + jobs.size());
        for (JobStatus j : jobs) {
            out.printf(
                    "  %-28s tasks %d  %d/%d ticks  %s%n",
                    j.jobId(), j.tasks(), j.ticksCompleted(), j.totalTicks(), j.finished() ? "finished" : "running");
        }
    }

    @Command(name = "submit", description = "Submits a job; prints its id once it is in the HA job store.")
    static final class Submit implements Callable<Integer> {
        @ParentCommand
        Hactl hactl;

        @Option(names = "--name", required = true)
        String name;

        @Option(names = "--tasks", defaultValue = "4")
        int tasks;

        @Option(names = "--ticks", defaultValue = "40")
        int ticks;

        @Option(names = "--tick-ms", defaultValue = "100")
        int tickMillis;

        @Override
        public Integer call() {
            JobSpec spec;
            try {
                spec = new JobSpec(name, tasks, ticks, tickMillis);
            } catch (IllegalArgumentException e) {
                System.err.println("hactl: " + e.getMessage());
                return 2;
            }
            return hactl.run(s -> {
                System.out.println(s.call("submitting", s.dispatcher().submitJob(spec)));
                return 0;
            });
        }
    }

    @Command(
            name = "handover",
            description =
                    "Planned handover: the leader steps down cleanly and stays out briefly so another JobManager wins.")
    static final class Handover implements Callable<Integer> {
        @ParentCommand
        Hactl hactl;

        @Option(
                names = "--stay-out",
                defaultValue = "3s",
                description = "How long the old leader stays out of the election (default ${DEFAULT-VALUE}).")
        String stayOut;

        @Option(
                names = "--to",
                description = "The JobManager id that should win (others step aside while --stay-out lasts).")
        String to;

        @Override
        public Integer call() {
            return hactl.run(s -> {
                long stayOutMillis =
                        ConfigReader.parseDuration(stayOut, "--stay-out").toMillis();
                LeaderInformation before = s.leader(Component.DISPATCHER);
                long t0 = System.nanoTime();
                s.call("asking the leader to step down", s.dispatcher().stepDown(stayOutMillis, to == null ? "" : to));
                LeaderInformation next = awaitSuccessor(s, before, t0 + s.wait.toNanos());
                if (next == null) {
                    System.err.println("hactl: no new dispatcher leader within " + s.wait.toMillis() + " ms");
                    return HANDOVER_INCOMPLETE;
                }
                System.out.printf(
                        "dispatcher handed over: %s (epoch %d) -> %s (epoch %d) in %d ms%n",
                        before.address(),
                        before.epoch(),
                        next.address(),
                        next.epoch(),
                        (System.nanoTime() - t0) / 1_000_000);
                return 0;
            });
        }

        /** A newer Dispatcher leader (the one named by --to, if given), or null at the deadline. */
        private LeaderInformation awaitSuccessor(Session s, LeaderInformation before, long deadlineNanos) {
            long epoch = before.epoch();
            while (System.nanoTime() < deadlineNanos) {
                long above = epoch;
                LeaderInformation next;
                try {
                    next = s.client.awaitLeader(
                            Component.DISPATCHER,
                            l -> l.epoch() > above,
                            Duration.ofNanos(Math.max(1, deadlineNanos - System.nanoTime())));
                } catch (TimeoutException e) {
                    return null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return null;
                }
                if (to == null || to.equals(leadingParticipantOrEmpty(s))) {
                    return next;
                }
                epoch = next.epoch(); // someone else won first and steps aside; wait for the next grant
            }
            return null;
        }

        private static String leadingParticipantOrEmpty(Session s) {
            try {
                return s.client.leadingParticipant();
            } catch (Exception e) {
                return "";
            }
        }
    }
}
