package org.hacp.cluster.process;

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
@Command(
        name = "taskexecutor",
        mixinStandardHelpOptions = true,
        description = "Runs one HA Control Plane TaskExecutor.")
public final class TaskExecutorProcess implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(TaskExecutorProcess.class);

    @Mixin
    ProcessOptions options = new ProcessOptions();

    @Option(names = "--slots", defaultValue = "2", description = "Task slots (default ${DEFAULT-VALUE}).")
    int slots;

    @Option(
            names = "--count",
            defaultValue = "1",
            description =
                    "TaskExecutors in this JVM, sharing its RPC service and ZooKeeper client (scale tests); ids <id>-1..<id>-N.")
    int count;

    @Override
    public Integer call() throws Exception {
        if (slots < 1 || slots > 1000) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--slots = " + slots + " is out of range: allowed 1 .. 1000");
        }
        ConfigReader reader = options.reader();
        PekkoRpcService rpc = PekkoRpcService.createRemote(RpcConfig.from(reader));
        CountDownLatch fatal = new CountDownLatch(1);
        ZooKeeperHaServices ha =
                ZooKeeperHaServices.start(HaConfig.from(reader), options.id, error -> fatal.countDown());
        TaskExecutor.Timing timing = org.hacp.cluster.ClusterConfig.from(reader).taskExecutorTiming();
        if (count < 1 || count > 1000) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), "--count = " + count + " is out of range: allowed 1 .. 1000");
        }
        java.util.List<TaskExecutor> executors = new java.util.ArrayList<>();
        org.hacp.cluster.events.EventLog events = options.events();
        ProcessOptions.recordLifecycle(events, ha, "taskexecutor");
        for (int i = 1; i <= count; i++) {
            String id = count == 1 ? options.id : options.id + "-" + i;
            TaskExecutor te = new TaskExecutor(rpc, id, slots, timing, ha.leaderRetriever("resourcemanager"), events);
            te.start();
            executors.add(te);
        }
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info("TaskExecutor process '{}' shutting down", options.id);
                            try {
                                for (TaskExecutor te : executors) {
                                    te.closeAsync().get(10, TimeUnit.SECONDS);
                                }
                                ha.close();
                                rpc.closeAsync().get(10, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                LOG.warn("Shutdown of TaskExecutor '{}' was not clean", options.id, e);
                            }
                        },
                        "taskexecutor-shutdown"));
        options.watchParent();
        System.out.println("READY " + options.id + " " + ProcessHandle.current().pid() + " " + rpc.getAddress() + ":"
                + rpc.getPort());
        System.out.flush();
        fatal.await();
        return 70;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TaskExecutorProcess()).execute(args));
    }
}
