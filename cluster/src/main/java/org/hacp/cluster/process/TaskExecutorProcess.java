package org.hacp.cluster.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.ClusterConfig;
import org.hacp.cluster.Component;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.metrics.RpcMetrics;
import org.hacp.cluster.metrics.TaskExecutorMetrics;
import org.hacp.cluster.status.HttpPages;
import org.hacp.cluster.taskexecutor.PreparedGateways;
import org.hacp.cluster.taskexecutor.StandbyWarmup;
import org.hacp.cluster.taskexecutor.TaskExecutor;
import org.hacp.config.ConfigReader;
import org.hacp.fencing.FencingToken;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.leader.FatalErrorHandler;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcService;
import org.hacp.threads.CommandExit;
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
    Running start(ConfigReader reader, RpcService rpc, ZooKeeperHaServices ha, EventLog events, FatalErrorHandler fatal)
            throws IOException {
        ClusterConfig clusterConfig = ClusterConfig.from(reader);
        TaskExecutor.Timing timing = clusterConfig.taskExecutorTiming();
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
        HttpPages status = new HttpPages(
                clusterConfig.statusBindHost(), clusterConfig.statusPorts(), statusTls(reader, clusterConfig));
        PrometheusRegistry metrics = TaskExecutorMetrics.register(executors, ha);
        RpcMetrics.observe(rpc, metrics);
        status.serveMetrics(metrics);
        status.serve("/", "application/json", () -> statusJson(executors));
        return new Running() {
            @Override
            public String statusUrl() {
                return status.scheme() + "://" + clusterConfig.statusBindHost() + ":" + status.port() + "/";
            }

            @Override
            public void close() throws Exception {
                status.close();
                stop(warmup, executors);
            }
        };
    }

    /** Each TaskExecutor of the process: id, the epoch it is registered at (-1: none), registrations. */
    private static byte[] statusJson(List<TaskExecutor> executors) {
        List<Map<String, Object>> list = executors.stream()
                .map(te -> {
                    FencingToken token = te.registeredWith();
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("id", te.id());
                    m.put("registeredAtEpoch", token == null ? -1 : token.epoch());
                    m.put("registrations", te.registrations());
                    return m;
                })
                .toList();
        try {
            return JSON.writeValueAsBytes(Map.of("taskExecutors", list));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the status could not be written as JSON", e);
        }
    }

    private static void stop(StandbyWarmup warmup, List<TaskExecutor> executors) throws Exception {
        warmup.close();
        for (TaskExecutor te : executors) {
            te.closeAsync().get(10, TimeUnit.SECONDS);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) {
        CommandExit.exit(execute(new TaskExecutorProcess(), args));
    }
}
