package org.hacp.cluster.process;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.hacp.cluster.ClusterConfig;
import org.hacp.cluster.events.EventLog;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import org.hacp.ha.HaConfig;
import org.hacp.ha.MemberCard;
import org.hacp.ha.zookeeper.ClusterVersions;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.leader.FatalErrorHandler;
import org.hacp.protocol.ProtocolRange;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.RpcSystem;
import org.hacp.threads.CommandExit;
import org.hacp.tls.RotatingTlsMaterial;
import org.hacp.tls.TlsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/**
 * The template of every cluster process main: read the configuration, start the HA services,
 * announce the member card and check that this release speaks the cluster's protocol version (else
 * exit 2, issue 31), start the RPC service, record the process's lifecycle, start the role's work, print the {@link ReadyLine},
 * then serve until a fatal error (exit 70). SIGTERM shuts it down cleanly: the role's work first
 * (a leader releases leadership at once), then the HA services (HA data kept) and RPC.
 */
abstract class ClusterProcessMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterProcessMain.class);
    /** EX_SOFTWARE: an internal error ended the process. */
    static final int EXIT_FATAL = 70;

    @Mixin
    ProcessOptions options = new ProcessOptions();

    /** What a started process runs; closed first on SIGTERM. */
    interface Running extends AutoCloseable {
        /** The HTTP status page, or empty. */
        default String statusUrl() {
            return "";
        }
    }

    abstract Role role();

    /** Checks the role's own options before anything starts; throws picocli's ParameterException. */
    void validateOptions() {}

    /** Starts the role's work on services that are up; {@code fatal} ends the process (exit 70). */
    abstract Running start(
            ConfigReader reader, RpcService rpc, ZooKeeperHaServices ha, EventLog events, FatalErrorHandler fatal)
            throws Exception;

    /** EX_USAGE-like: the configuration or an option is wrong, or this release cannot join the cluster; the message names it. */
    static final int EXIT_CONFIG = 2;

    /** Runs {@code main} with {@code args}: a configuration error is one line naming what is wrong, not a stack trace. */
    static int execute(ClusterProcessMain main, String[] args) {
        return new CommandLine(main)
                .setExecutionExceptionHandler((e, commandLine, parsed) -> {
                    if (e instanceof ConfigException) {
                        commandLine.getErr().println(main.role() + ": configuration error: " + e.getMessage());
                        return EXIT_CONFIG;
                    }
                    if (e instanceof JoinRefusedException) {
                        commandLine.getErr().println(main.role() + ": cannot join the cluster: " + e.getMessage());
                        return EXIT_CONFIG;
                    }
                    throw e;
                })
                .execute(args);
    }

    @Override
    public final Integer call() throws Exception {
        validateOptions();
        ConfigReader reader = options.reader();
        // Every setting is checked before anything starts: a bad value is one line, no half-started services.
        RpcConfig rpcConfig = RpcConfig.from(reader);
        HaConfig haConfig = HaConfig.from(reader);
        ClusterConfig.from(reader);
        RpcSystem rpcSystem = RpcSystem.load(reader);
        CountDownLatch fatal = new CountDownLatch(1);
        FatalErrorHandler onFatal = error -> {
            LOG.error("Fatal error; {} '{}' exits", role(), options.id, error);
            fatal.countDown();
        };
        ZooKeeperHaServices ha = ZooKeeperHaServices.start(haConfig, options.id, onFatal);
        // The card before the check (issue 31): a finalize that lists the members after this sees this
        // process; one that wrote before it is read here. Nothing else has started yet.
        ha.members().announce(new MemberCard(options.id, role().id(), ProtocolRange.CURRENT));
        String refusal = joinRefusal(ha);
        if (refusal != null) {
            ha.close();
            rpcSystem.close();
            throw new JoinRefusedException(refusal);
        }
        RpcService rpc = rpcSystem.remoteService(rpcConfig);
        EventLog events = options.events();
        ProcessOptions.recordLifecycle(events, ha, role());
        Running running = start(reader, rpc, ha, events, onFatal);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> shutDown(running, ha, rpc, rpcSystem), role().id() + "-shutdown"));
        options.watchParent();
        new ReadyLine(
                        options.id,
                        ProcessHandle.current().pid(),
                        rpc.getAddress() + ":" + rpc.getPort(),
                        running.statusUrl())
                .print();
        fatal.await();
        return EXIT_FATAL;
    }

    /** Why this release may not run in the cluster's protocol version, or null when it may. */
    private static String joinRefusal(ZooKeeperHaServices ha) {
        ClusterVersions.Read read;
        try {
            read = ha.clusterVersions().read();
        } catch (Exception e) {
            return "the cluster version cannot be read: " + e.getMessage();
        }
        return read.version().refusalFor(ProtocolRange.CURRENT).orElse(null);
    }

    /** This release does not speak the cluster's protocol version (issue 31); nothing was left running. */
    static final class JoinRefusedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        JoinRefusedException(String message) {
            super(message);
        }
    }

    private void shutDown(Running running, ZooKeeperHaServices ha, RpcService rpc, RpcSystem rpcSystem) {
        LOG.info("{} '{}' shutting down (SIGTERM); HA data kept", role(), options.id);
        CommandExit.haltAfter(CommandExit.HOOK_BOUND, CommandExit.SIGTERM_EXIT_CODE);
        try {
            running.close();
            ha.close();
            rpc.closeAsync().get(10, TimeUnit.SECONDS);
            rpcSystem.close();
        } catch (Exception e) {
            LOG.warn("Shutdown of {} '{}' was not clean", role(), options.id, e);
        }
    }

    /** The TLS context of a process's status pages, or null for plain HTTP. */
    static SSLContext statusTls(ConfigReader reader, ClusterConfig clusterConfig) {
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
}
