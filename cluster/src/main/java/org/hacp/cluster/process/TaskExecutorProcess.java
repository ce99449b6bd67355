package org.hacp.cluster.process;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.ClusterConfig;
import org.hacp.cluster.Component;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.taskexecutor.PreparedGateways;
import org.hacp.cluster.taskexecutor.StandbyWarmup;
import org.hacp.cluster.taskexecutor.TaskExecutor;
import org.hacp.config.ConfigReader;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.leader.FatalErrorHandler;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.pekko.PekkoRpcService;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A TaskExecutor process (or, for scale tests, several sharing one JVM). */
@Command(
        name = "taskexecutor",
        mixinStandardHelpOptions = true,
        description = "Runs one HA Control Plane TaskExecutor.")
public final class TaskExecutorProcess extends ClusterProcessMain {
    private static final int MAX = 1000;

    @Option(names = "--slots", defaultValue = "2", description = "Task slots (default ${DEFAULT-VALUE}).")
    int slots;

    @Option(
            names = "--count",
            defaultValue = "1",
            description =
                    "TaskExecutors in this JVM, sharing its RPC service and ZooKeeper client (scale tests); ids <id>-1..<id>-N.")
    int count;

    @Override
    Role role() {
        return Role.TASK_EXECUTOR;
    }

    @Override
    void validateOptions() {
        checkRange("--slots", slots);
        checkRange("--count", count);
    }

    private void checkRange(String option, int value) {
        if (value < 1 || value > MAX) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this), option + " = " + value + " is out of range: allowed 1 .. " + MAX);
        }
    }

    @Override
    Running start(
            ConfigReader reader,
            PekkoRpcService rpc,
            ZooKeeperHaServices ha,
            EventLog events,
            FatalErrorHandler fatal) {
        TaskExecutor.Timing timing = ClusterConfig.from(reader).taskExecutorTiming();
        List<TaskExecutor> executors = new ArrayList<>();
        PreparedGateways prepared = new PreparedGateways();
        for (int i = 1; i <= count; i++) {
            String id = count == 1 ? options.id : options.id + "-" + i;
            TaskExecutor te = new TaskExecutor(
                    rpc, id, slots, timing, ha.leaderRetriever(Component.RESOURCE_MANAGER.id()), events, prepared);
            te.start();
            executors.add(te);
        }
        StandbyWarmup warmup = new StandbyWarmup(
                rpc,
                RpcConfig.from(reader).systemName(),
                ha.client(),
                executors.stream().map(TaskExecutor::contact).toList(),
                prepared);
        return () -> {
            warmup.close();
            for (TaskExecutor te : executors) {
                te.closeAsync().get(10, TimeUnit.SECONDS);
            }
        };
    }

    public static void main(String[] args) {
        System.exit(execute(new TaskExecutorProcess(), args));
    }
}
