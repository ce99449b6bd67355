package org.hacp.cluster.process;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetSocketAddress;
import org.hacp.cluster.ClusterConfig;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.jobmanager.JobManager;
import org.hacp.cluster.metrics.JobManagerMetrics;
import org.hacp.cluster.metrics.RpcMetrics;
import org.hacp.cluster.status.StatusServer;
import org.hacp.cluster.view.ClusterView;
import org.hacp.config.ConfigReader;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.leader.FatalErrorHandler;
import org.hacp.rpc.RpcService;
import org.hacp.threads.CommandExit;
import picocli.CommandLine.Command;

/**
 * A JobManager process: ResourceManager and Dispatcher in the election, and the HTTP status page.
 * SIGTERM releases leadership at once (a successor takes over well before the session timeout);
 * a crash leaves HA data for the successor too.
 */
@Command(name = "jobmanager", mixinStandardHelpOptions = true, description = "Runs one HA Control Plane JobManager.")
public final class JobManagerProcess extends ClusterProcessMain {

    @Override
    Role role() {
        return Role.JOB_MANAGER;
    }

    @Override
    Running start(ConfigReader reader, RpcService rpc, ZooKeeperHaServices ha, EventLog events, FatalErrorHandler fatal)
            throws Exception {
        ClusterConfig clusterConfig = ClusterConfig.from(reader);
        ha.startFastTakeover(new InetSocketAddress(rpc.getAddress(), rpc.getPort()));
        JobManager jobManager = new JobManager(
                options.id,
                rpc,
                ha,
                clusterConfig.heartbeatTimeout(),
                clusterConfig.checkpointInterval(),
                events,
                fatal);
        ClusterView view = new ClusterView(jobManager, ha, rpc);
        StatusServer status = new StatusServer(
                jobManager,
                clusterConfig.statusBindHost(),
                clusterConfig.statusPorts(),
                statusTls(reader, clusterConfig),
                view);
        PrometheusRegistry metrics = JobManagerMetrics.register(jobManager, ha);
        RpcMetrics.observe(rpc, metrics);
        status.serveMetrics(metrics);
        return new Running() {
            @Override
            public String statusUrl() {
                return status.scheme() + "://" + clusterConfig.statusBindHost() + ":" + status.port() + "/";
            }

            @Override
            public void close() {
                status.close();
                view.close();
                jobManager.close();
            }
        };
    }

    public static void main(String[] args) {
        CommandExit.exit(execute(new JobManagerProcess(), args));
    }
}
