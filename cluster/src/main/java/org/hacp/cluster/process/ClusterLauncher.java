package org.hacp.cluster.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hacp.config.ConfigReader;
import org.hacp.threads.CommandExit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Keeps a {@link LocalCluster} running until SIGTERM (what {@code scripts/cluster up/down} drive).
 * Once every member is ready it writes {@code cluster.env} into the run directory: the ZooKeeper
 * connect string, the cluster id and one line per member (id, pid, RPC address, status URL).
 */
@Command(
        name = "cluster-launcher",
        mixinStandardHelpOptions = true,
        description = "Runs a local cluster of real processes.")
public final class ClusterLauncher implements Callable<Integer> {
    @Option(names = "--run-dir", required = true)
    Path runDir;

    @Option(names = "--jobmanagers", defaultValue = "3")
    int jobManagers;

    @Option(names = "--taskexecutors", defaultValue = "2")
    int taskExecutors;

    @Option(names = "--slots", defaultValue = "2")
    int slots;

    @Option(names = "--session-timeout", defaultValue = "2s")
    String sessionTimeout;

    @Option(
            names = "--zookeeper-servers",
            defaultValue = "1",
            description = "1 = one embedded server; 3 = a real 3-server ensemble.")
    int zooKeeperServers;

    @Option(names = "--classpath", required = true)
    String classpath;

    @Override
    public Integer call() throws Exception {
        if (jobManagers < 1 || jobManagers > 9 || taskExecutors < 0 || taskExecutors > 200) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--jobmanagers must be 1..9 and --taskexecutors 0..200");
        }
        Duration session = ConfigReader.parseDuration(sessionTimeout, "--session-timeout");
        if (zooKeeperServers < 1 || zooKeeperServers > 7) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--zookeeper-servers must be 1..7");
        }
        LocalCluster cluster = LocalCluster.start(runDir, session, classpath, zooKeeperServers);
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            CommandExit.haltAfter(CommandExit.HOOK_BOUND, CommandExit.SIGTERM_EXIT_CODE);
                            try {
                                cluster.close();
                            } catch (Exception e) {
                                e.printStackTrace();
                            }
                            stop.countDown();
                        },
                        "cluster-down"));
        List<CompletableFuture<LocalCluster.Member>> starting = new ArrayList<>();
        for (int i = 1; i <= jobManagers; i++) {
            starting.add(cluster.startJobManager("jobmanager-" + i));
        }
        for (int i = 1; i <= taskExecutors; i++) {
            starting.add(cluster.startTaskExecutor("taskexecutor-" + i, slots));
        }
        List<ClusterEnv.Member> members = new ArrayList<>();
        for (CompletableFuture<LocalCluster.Member> s : starting) {
            LocalCluster.Member m = s.get(120, TimeUnit.SECONDS);
            members.add(new ClusterEnv.Member(m.id(), m.pid(), m.rpcHostPort(), m.statusUrl()));
        }
        new ClusterEnv(cluster.zooKeeperConnectString(), "local", session, members, List.of()).write(runDir);
        stop.await();
        return 0;
    }

    public static void main(String[] args) {
        CommandExit.exit(new CommandLine(new ClusterLauncher()).execute(args));
    }
}
