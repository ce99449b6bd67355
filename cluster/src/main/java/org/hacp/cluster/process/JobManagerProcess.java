package org.hacp.cluster.process;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.jobmanager.JobManager;
import org.hacp.cluster.status.StatusServer;
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

/**
 * A JobManager process: RPC service, HA services, ResourceManager and Dispatcher in the election.
 * SIGTERM shuts it down cleanly and releases leadership at once (a successor takes over well
 * before the session timeout); HA data is kept. A crash leaves HA data for the successor too.
 * Prints {@code READY <id> <pid> <rpc-host>:<rpc-port> <status-url>} on stdout once started.
 */
@Command(name = "jobmanager", mixinStandardHelpOptions = true, description = "Runs one HA Control Plane JobManager.")
public final class JobManagerProcess implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(JobManagerProcess.class);

    @Mixin
    ProcessOptions options = new ProcessOptions();

    @Override
    public Integer call() throws Exception {
        ConfigReader reader = options.reader();
        RpcConfig rpcConfig = RpcConfig.from(reader);
        HaConfig haConfig = HaConfig.from(reader);
        org.hacp.cluster.ClusterConfig clusterConfig = org.hacp.cluster.ClusterConfig.from(reader);
        Duration heartbeatTimeout = clusterConfig.heartbeatTimeout();
        PekkoRpcService rpc = PekkoRpcService.createRemote(rpcConfig);
        CountDownLatch fatal = new CountDownLatch(1);
        ZooKeeperHaServices ha = ZooKeeperHaServices.start(haConfig, options.id, error -> {
            LOG.error("Fatal error; JobManager '{}' exits", options.id, error);
            fatal.countDown();
        });
        org.hacp.cluster.events.EventLog events = options.events();
        ProcessOptions.recordLifecycle(events, ha, "jobmanager");
        JobManager jobManager = new JobManager(options.id, rpc, ha, heartbeatTimeout, events);
        StatusServer status = new StatusServer(jobManager, rpcConfig.bindHost(), clusterConfig.statusPort());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            LOG.info(
                                    "JobManager '{}' shutting down (SIGTERM): leaving the election, HA data kept",
                                    options.id);
                            try {
                                status.close();
                                jobManager.close();
                                ha.close();
                                rpc.closeAsync().get(10, TimeUnit.SECONDS);
                            } catch (Exception e) {
                                LOG.warn("Shutdown of JobManager '{}' was not clean", options.id, e);
                            }
                            stopped.countDown();
                        },
                        "jobmanager-shutdown"));
        options.watchParent();
        System.out.println("READY " + options.id + " " + ProcessHandle.current().pid() + " " + rpc.getAddress() + ":"
                + rpc.getPort() + " http://" + rpc.getAddress() + ":" + status.port() + "/");
        System.out.flush();
        fatal.await();
        return 70;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new JobManagerProcess()).execute(args));
    }
}
