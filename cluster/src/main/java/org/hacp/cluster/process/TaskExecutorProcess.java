package org.hacp.cluster.process;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.taskexecutor.TaskExecutor;
import org.hacp.config.ConfigReader;
import org.hacp.ha.HaConfig;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.pekko.PekkoRpcService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A TaskExecutor process. Prints {@code READY <id> <pid> <rpc-host>:<rpc-port>} once started. */
@Command(name = "taskexecutor", mixinStandardHelpOptions = true, description = "Runs one HA Control Plane TaskExecutor.")
public final class TaskExecutorProcess implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(TaskExecutorProcess.class);

    @Mixin
    ProcessOptions options = new ProcessOptions();

    @Option(names = "--slots", defaultValue = "2", description = "Task slots (default ${DEFAULT-VALUE}).")
    int slots;

    @Override
    public Integer call() throws Exception {
        if (slots < 1 || slots > 1000) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--slots = " + slots + " is out of range: allowed 1 .. 1000");
        }
        ConfigReader reader = options.reader();
        PekkoRpcService rpc = PekkoRpcService.createRemote(RpcConfig.from(reader));
        CountDownLatch fatal = new CountDownLatch(1);
        ZooKeeperHaServices ha = ZooKeeperHaServices.start(HaConfig.from(reader), options.id, error -> fatal.countDown());
        TaskExecutor.Timing timing = new TaskExecutor.Timing(
                reader.duration("hacp.cluster.heartbeat-interval", Duration.ofMillis(10), Duration.ofMinutes(1)),
                reader.duration("hacp.cluster.heartbeat-timeout", Duration.ofMillis(100), Duration.ofMinutes(10)),
                reader.duration("hacp.cluster.registration.initial-backoff", Duration.ofMillis(1), Duration.ofMinutes(1)),
                reader.duration("hacp.cluster.registration.max-backoff", Duration.ofMillis(1), Duration.ofMinutes(10)));
        TaskExecutor te = new TaskExecutor(rpc, options.id, slots, timing, ha.leaderRetriever("resourcemanager"), options.events());
        te.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("TaskExecutor '{}' shutting down", options.id);
            try {
                te.closeAsync().get(10, TimeUnit.SECONDS);
                ha.close();
                rpc.closeAsync().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warn("Shutdown of TaskExecutor '{}' was not clean", options.id, e);
            }
        }, "taskexecutor-shutdown"));
        options.watchParent();
        System.out.println("READY " + options.id + " " + ProcessHandle.current().pid() + " " + rpc.getAddress() + ":" + rpc.getPort());
        System.out.flush();
        fatal.await();
        return 70;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TaskExecutorProcess()).execute(args));
    }
}
