package org.hacp.cluster.process;

import java.net.InetSocketAddress;
import javax.net.ssl.SSLContext;
import org.hacp.cluster.ClusterConfig;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.jobmanager.JobManager;
import org.hacp.cluster.metrics.JobManagerMetrics;
import org.hacp.cluster.status.StatusServer;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.leader.FatalErrorHandler;
import org.hacp.rpc.pekko.PekkoRpcService;
import org.hacp.tls.RotatingTlsMaterial;
import org.hacp.tls.TlsConfig;
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
    Running start(
            ConfigReader reader, PekkoRpcService rpc, ZooKeeperHaServices ha, EventLog events, FatalErrorHandler fatal)
            throws Exception {
        ClusterConfig clusterConfig = ClusterConfig.from(reader);
        ha.startFastTakeover(new InetSocketAddress(rpc.getAddress(), rpc.getPort()));
        JobManager jobManager = new JobManager(options.id, rpc, ha, clusterConfig.heartbeatTimeout(), events, fatal);
        StatusServer status = new StatusServer(
                jobManager,
                clusterConfig.statusBindHost(),
                clusterConfig.statusPort(),
                statusTls(reader, clusterConfig));
        status.serveMetrics(JobManagerMetrics.register(jobManager, ha));
        return new Running() {
            @Override
            public String statusUrl() {
                return status.scheme() + "://" + clusterConfig.statusBindHost() + ":" + status.port() + "/";
            }

            @Override
            public void close() {
                status.close();
                jobManager.close();
            }
        };
    }

    /** The status page's TLS context, or null for plain HTTP. */
    private static SSLContext statusTls(ConfigReader reader, ClusterConfig clusterConfig) {
        if (!clusterConfig.statusTls()) {
            return null;
        }
        TlsConfig tls = TlsConfig.from(reader);
        if (!tls.enabled()) {
            throw new ConfigException("hacp.cluster.status-tls = true serves the page with the certificate of"
                    + " hacp.security.tls, which is not enabled");
        }
        return new RotatingTlsMaterial(tls).rotatingContext();
    }

    public static void main(String[] args) {
        System.exit(execute(new JobManagerProcess(), args));
    }
}
