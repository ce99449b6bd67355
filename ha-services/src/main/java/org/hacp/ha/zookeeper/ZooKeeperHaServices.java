package org.hacp.ha.zookeeper;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.framework.state.SessionConnectionStateErrorPolicy;
import org.apache.curator.framework.state.StandardConnectionStateErrorPolicy;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.hacp.ha.HaConfig;
import org.hacp.ha.HaServicesException;
import org.hacp.ha.HaStateStore;
import org.hacp.ha.HighAvailabilityServices;
import org.hacp.ha.RecordSizeLimit;
import org.hacp.leader.FatalErrorHandler;
import org.hacp.leader.LeaderDetection;
import org.hacp.leader.LeaderElection;
import org.hacp.leader.LeaderRetrievalService;
import org.hacp.leader.zookeeper.ZooKeeperLeaderElectionDriver;
import org.hacp.leader.zookeeper.ZooKeeperLeaderRetrievalService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link HighAvailabilityServices} on ZooKeeper: one Curator client per process, namespaced to
 * {@code <root>/<cluster-id>}, with the configured session timeout, retry policy, suspended
 * policy and optional digest auth (then every znode it creates is creator-only). Without a
 * connect string it starts a real embedded ZooKeeper server first.
 *
 * <p>ACL refusals, authentication failures and unexpected Curator background errors go to the
 * fatal error handler.
 */
public final class ZooKeeperHaServices implements HighAvailabilityServices {
    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperHaServices.class);

    private final HaConfig config;
    private final EmbeddedZooKeeper embedded;
    private final CuratorFramework client;
    private final ZooKeeperLeaderElectionDriver driver;
    private final RecordSizeLimit recordSizeLimit;
    private final ClusterMembers members;
    private final ClusterVersions clusterVersions;
    private final ZooKeeperOperations operations;

    private ZooKeeperHaServices(
            HaConfig config,
            EmbeddedZooKeeper embedded,
            CuratorFramework client,
            ZooKeeperLeaderElectionDriver driver,
            ZooKeeperOperations operations) {
        this.config = config;
        this.operations = operations;
        this.embedded = embedded;
        this.client = client;
        this.driver = driver;
        this.recordSizeLimit = new RecordSizeLimit(config.maxRecordBytes());
        this.members = new ClusterMembers(client);
        this.clusterVersions = new ClusterVersions(client);
    }

    /**
     * Connects (starting an embedded server when no connect string is configured) and joins no
     * election yet: components join through {@link #leaderElection}.
     *
     * @param participantId this process's id in elections (e.g. {@code jobmanager-1})
     * @throws HaServicesException if ZooKeeper cannot be reached within the connection timeout
     */
    public static ZooKeeperHaServices start(
            HaConfig config, String participantId, FatalErrorHandler fatalErrorHandler) {
        EmbeddedZooKeeper embedded = null;
        String connect = config.connectString();
        if (config.allowInsecure()
                && (config.authDigest() == null || config.authDigest().isEmpty())
                && !HaConfig.onThisHost(connect)) {
            LOG.warn(
                    "Connecting to ZooKeeper at {} WITHOUT credentials (hacp.security.allow-insecure = true): anyone who "
                            + "can reach it can read this cluster's tokens and rewrite its leaders",
                    connect);
        }
        if (connect == null || connect.isBlank()) {
            embedded = EmbeddedZooKeeper.start(
                    config.embeddedDataDir(),
                    config.embeddedPort(),
                    config.sessionTimeout(),
                    config.zooKeeperTls(),
                    config.zooKeeperSasl() ? config.authDigest() : null);
            connect = embedded.connectString();
        }
        CuratorFramework client = newClient(config, connect);
        ZooKeeperOperations operations = new ZooKeeperOperations();
        client.getZookeeperClient().setTracerDriver(operations);
        client.getUnhandledErrorListenable().addListener(new UnhandledClientErrors(fatalErrorHandler));
        String where = connect;
        client.getCuratorListenable().addListener((c, event) -> {
            if (event.getWatchedEvent() != null
                    && event.getWatchedEvent().getState() == Watcher.Event.KeeperState.AuthFailed) {
                fatalErrorHandler.onFatalError(new IllegalStateException("ZooKeeper at " + where
                        + " rejected this process's credentials (hacp.ha.zookeeper.auth-digest)"));
            }
        });
        client.start();
        try {
            if (!client.blockUntilConnected((int) config.connectionTimeout().toMillis() * 3, TimeUnit.MILLISECONDS)) {
                client.close();
                throw new HaServicesException(
                        "cannot reach ZooKeeper at " + connect + " within "
                                + config.connectionTimeout().toMillis() * 3 + " ms (hacp.ha.zookeeper.connect-string"
                                + (config.zooKeeperTls().enabled()
                                        ? "; over TLS: does the server trust this certificate's CA?)"
                                        : "; a server that takes TLS clients only needs hacp.ha.zookeeper.tls = true)"),
                        null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new HaServicesException("interrupted while connecting to ZooKeeper at " + connect, e);
        }
        LOG.info(
                "HA services of cluster '{}' connected to ZooKeeper at {} (namespace /{}, session timeout {} ms, {})",
                config.clusterId(),
                connect,
                config.namespace(),
                config.sessionTimeout().toMillis(),
                config.tolerateSuspendedConnections() ? "SUSPENDED tolerated" : "SUSPENDED revokes");
        ZooKeeperLeaderElectionDriver driver =
                new ZooKeeperLeaderElectionDriver(client, participantId, fatalErrorHandler);
        return new ZooKeeperHaServices(config, embedded, client, driver, operations);
    }

    /** A Curator client configured as the HA services use it (hactl and tests use it too). */
    public static CuratorFramework newClient(HaConfig config, String connectString) {
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs((int) config.sessionTimeout().toMillis())
                .connectionTimeoutMs((int) config.connectionTimeout().toMillis())
                .retryPolicy(new ExponentialBackoffRetry(
                        (int) config.retryBaseSleep().toMillis(), config.retryMaxRetries(), (int)
                                config.retryMaxSleep().toMillis()))
                .namespace(config.namespace())
                // Keep to the configured servers: the ensemble tracker would swap in the servers' own
                // addresses, bypassing any proxy, NAT or fault injector that the connect string names.
                .ensembleTracker(false)
                .dontUseContainerParents()
                .connectionStateErrorPolicy(
                        config.tolerateSuspendedConnections()
                                ? new SessionConnectionStateErrorPolicy()
                                : new StandardConnectionStateErrorPolicy());
        if (config.zooKeeperTls().enabled() || config.zooKeeperSasl()) {
            // This client's own settings, not the JVM's: other clients here keep theirs (NIFI-7401).
            ZKClientConfig zkConfig = config.zooKeeperTls().enabled()
                    ? ZooKeeperTls.clientConfig(config.zooKeeperTls())
                    : new ZKClientConfig();
            if (config.zooKeeperSasl()) {
                ZooKeeperSasl.configureClient(zkConfig, config.authDigest());
            }
            builder.zkClientConfig(zkConfig);
        }
        if (config.authDigest() != null && !config.authDigest().isEmpty()) {
            builder.authorization("digest", config.authDigest().getBytes(StandardCharsets.UTF_8))
                    .aclProvider(new ACLProvider() {
                        @Override
                        public List<ACL> getDefaultAcl() {
                            return ZooDefs.Ids.CREATOR_ALL_ACL;
                        }

                        @Override
                        public List<ACL> getAclForPath(String path) {
                            return ZooDefs.Ids.CREATOR_ALL_ACL;
                        }
                    });
        }
        return builder.build();
    }

    @Override
    public LeaderElection leaderElection(String componentId) {
        return driver.forComponent(componentId);
    }

    @Override
    public LeaderRetrievalService leaderRetriever(String componentId) {
        return new ZooKeeperLeaderRetrievalService(client, componentId);
    }

    @Override
    public HaStateStore stateStore(String componentId) {
        return new ZooKeeperStateStore(client, driver, componentId, recordSizeLimit);
    }

    /** The cluster's members: this process announces itself there, anyone lists them (issue 31). */
    public ClusterMembers members() {
        return members;
    }

    /** This process's ZooKeeper operations by kind, as Curator completes them (issue 32). */
    public ZooKeeperOperations operations() {
        return operations;
    }

    /** The cluster's protocol version: read as a process starts, moved up by a finalize (issue 31). */
    public ClusterVersions clusterVersions() {
        return clusterVersions;
    }

    /** The size limit of every state store of this instance, with its count of refused writes (issue 32). */
    public RecordSizeLimit recordSizeLimit() {
        return recordSizeLimit;
    }

    @Override
    public Optional<List<String>> participants() {
        try {
            return Optional.of(
                    driver.participants().stream().map(Participant::getId).toList());
        } catch (Exception e) {
            LOG.warn("Could not read the election's participants: {}", e.toString());
            return Optional.empty();
        }
    }

    /**
     * Turns on fast takeover for this process as configured ({@code hacp.ha.fast-takeover}): call it
     * in a process that will contend, before it does (issue 16).
     *
     * @param rpcAddress this process's RPC address as its peers reach it
     */
    public void startFastTakeover(InetSocketAddress rpcAddress) {
        driver.startFastTakeover(config.fastTakeover(), rpcAddress);
    }

    @Override
    public Optional<LeaderDetection> lastLeaderDetection() {
        return driver.lastFastTakeoverDetection();
    }

    /** The election driver (participants, leadership state). */
    public ZooKeeperLeaderElectionDriver electionDriver() {
        return driver;
    }

    /** The namespaced Curator client. */
    public CuratorFramework client() {
        return client;
    }

    /** The embedded server's connect string, if this process started one. */
    public Optional<String> embeddedConnectString() {
        return Optional.ofNullable(embedded).map(EmbeddedZooKeeper::connectString);
    }

    @Override
    public void close() {
        closeMembers();
        driver.close();
        client.close();
        if (embedded != null) {
            try {
                embedded.close();
            } catch (Exception e) {
                LOG.warn("Stopping the embedded ZooKeeper failed", e);
            }
        }
        LOG.info("HA services of cluster '{}' closed; HA data kept", config.clusterId());
    }

    @Override
    public void closeAndCleanupAllData() throws Exception {
        // First: an announcement still running would create its card again under the wipe.
        closeMembers();
        driver.close();
        client.delete().deletingChildrenIfNeeded().forPath("/");
        LOG.info("HA data of cluster '{}' deleted (/{})", config.clusterId(), config.namespace());
        close();
    }

    private void closeMembers() {
        try {
            members.close();
        } catch (Exception e) {
            LOG.warn("Removing this process's member card failed: {}", e.toString());
        }
    }
}
