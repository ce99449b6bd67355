package org.hacp.chaos.ip;

import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.hacp.chaos.cluster.ChaosCluster;
import org.hacp.chaos.cluster.ChaosTarget;
import org.hacp.chaos.cluster.HarnessClient;
import org.hacp.cluster.client.ClusterClient;
import org.hacp.cluster.client.ClusterSession;
import org.hacp.cluster.events.EventLog;
import org.hacp.cluster.hosts.NamespaceHost;
import org.hacp.cluster.jobmanager.JobManager;
import org.hacp.cluster.process.ClusterEnv;
import org.hacp.cluster.process.LocalCluster;
import org.hacp.config.ConfigReader;
import org.hacp.config.ConfigSources;
import org.hacp.fencing.FencedRpcEndpoint;
import org.hacp.ha.HaConfig;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.process.CommandRun;
import org.hacp.rpc.RpcConfig;

/**
 * The system under test of the IP nemesis (issue 17): the cluster {@code scripts/hosts} runs from
 * the distribution on eight network-namespace hosts (a 3-server ZooKeeper ensemble, 3 JobManagers,
 * 2 TaskExecutors), faults applied as packet filters inside the hosts ({@link IpNemesis}), observed
 * from the root namespace (outside every partition) by the harness. Needs root and nftables.
 * {@link #close()} heals, stops every process and removes every namespace ({@code scripts/hosts down}).
 */
public final class NamespaceCluster implements ChaosTarget<HostProcess>, AutoCloseable {

    /**
     * Where the cluster comes from and how it runs; the unsafe switches exist only for the proof
     * that the checker catches broken fencing.
     */
    public record Options(
            Path hostsScript,
            Path tarball,
            String prefix,
            String subnet,
            Duration sessionTimeout,
            boolean unsafeDisableFencing,
            boolean unsafeIgnoreRevoke) {

        /** T = 4 s (whole seconds: the script's ZooKeeper tick is T/10). */
        public static Options of(Path hostsScript, Path tarball) {
            return new Options(hostsScript, tarball, "hacpip", "10.79.0", Duration.ofSeconds(4), false, false);
        }

        public Options withSessionTimeout(Duration timeout) {
            return new Options(hostsScript, tarball, prefix, subnet, timeout, unsafeDisableFencing, unsafeIgnoreRevoke);
        }

        public Options unsafe() {
            return new Options(hostsScript, tarball, prefix, subnet, sessionTimeout, true, true);
        }
    }

    private final Options options;
    private final Path runDir;
    private final Map<String, NamespaceHost> hosts = new LinkedHashMap<>();
    private final Map<String, HostProcess> processes = new LinkedHashMap<>();
    private EventLog harnessLog;
    private ClusterSession observer;
    private HarnessClient<HostProcess> client;
    private IpNemesis nemesis;

    private NamespaceCluster(Options options, Path runDir) {
        this.options = options;
        this.runDir = runDir;
    }

    /** Brings the hosts up and waits until one leader has every TaskExecutor. */
    public static NamespaceCluster start(Path runDir, Options options) throws Exception {
        ChaosCluster.deleteRecursively(runDir);
        Files.createDirectories(runDir);
        NamespaceCluster cluster = new NamespaceCluster(options, runDir);
        List<String> up = new ArrayList<>(List.of(
                "up",
                "--tarball",
                options.tarball().toString(),
                "--prefix",
                options.prefix(),
                "--subnet",
                options.subnet(),
                "--session-timeout",
                options.sessionTimeout().toSeconds() + "s"));
        if (options.unsafeDisableFencing()) {
            up.addAll(List.of("--jvm-option", "-D" + FencedRpcEndpoint.UNSAFE_DISABLE_FENCING + "=true"));
        }
        if (options.unsafeIgnoreRevoke()) {
            up.addAll(List.of("--jvm-option", "-D" + JobManager.UNSAFE_IGNORE_REVOKE + "=true"));
        }
        cluster.script(Duration.ofMinutes(3), up);
        try {
            cluster.connect();
            cluster.client.awaitSettled(Duration.ofSeconds(60));
            cluster.nemesis.started(options.sessionTimeout());
            return cluster;
        } catch (Exception e) {
            cluster.close();
            throw e;
        }
    }

    private void connect() throws IOException {
        for (NamespaceHost h : NamespaceHost.read(runDir)) {
            hosts.put(h.name(), h);
            processes.put(h.name(), new HostProcess(h, runDir));
        }
        ClusterEnv env = ClusterEnv.read(runDir);
        ConfigReader reader = ConfigReader.of(ConfigFactory.parseMap(Map.of(
                        "hacp.ha.cluster-id",
                        env.clusterId(),
                        "hacp.ha.zookeeper.connect-string",
                        env.zooKeeper(),
                        "hacp.ha.zookeeper.session-timeout",
                        options.sessionTimeout().toMillis() + "ms",
                        "hacp.ha.zookeeper.connection-timeout",
                        "2s"))
                .withFallback(ConfigSources.file(runDir.resolve(LocalCluster.CLIENT_CONFIG))));
        harnessLog = EventLog.open(
                runDir.resolve(ChaosCluster.HARNESS_PROCESS + ".events.jsonl"), ChaosCluster.HARNESS_PROCESS);
        observer = ClusterSession.open(
                "observer", HaConfig.from(reader), RpcConfig.from(reader).withAskTimeout(Duration.ofSeconds(3)));
        client = new HarnessClient<>(this, harnessLog);
        nemesis = new IpNemesis(this, harnessLog);
    }

    /** Runs {@code scripts/hosts ACTION --run-dir <runDir> ARGS...}; fails with its output when it fails. */
    void script(Duration timeout, List<String> actionAndArgs) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(options.hostsScript().toString(), actionAndArgs.get(0)));
        command.addAll(List.of("--run-dir", runDir.toString()));
        command.addAll(actionAndArgs.subList(1, actionAndArgs.size()));
        CommandRun run;
        try {
            run = CommandRun.run(command, timeout);
        } catch (TimeoutException e) {
            throw new IOException(e.getMessage(), e);
        }
        if (run.exitCode() != 0) {
            throw new IOException(String.join(" ", command) + " exited " + run.exitCode() + ":\n" + run.output());
        }
    }

    public Options options() {
        return options;
    }

    public Path runDir() {
        return runDir;
    }

    /** Every directory holding this run's event logs: the harness's and each host's. */
    public List<Path> eventLogDirs() {
        List<Path> dirs = new ArrayList<>(List.of(runDir));
        hosts.values().forEach(h -> dirs.add(h.logDir(runDir)));
        return dirs;
    }

    public IpNemesis nemesis() {
        return nemesis;
    }

    public HarnessClient<HostProcess> client() {
        return client;
    }

    public List<NamespaceHost> hosts() {
        return List.copyOf(hosts.values());
    }

    public List<NamespaceHost> hosts(NamespaceHost.Kind kind) {
        return hosts.values().stream().filter(h -> h.kind() == kind).toList();
    }

    HostProcess process(NamespaceHost host) {
        return processes.get(host.name());
    }

    List<HostProcess> processes() {
        return List.copyOf(processes.values());
    }

    @Override
    public List<HostProcess> jobManagers() {
        return hosts(NamespaceHost.Kind.JOB_MANAGER).stream().map(this::process).toList();
    }

    @Override
    public int taskExecutorCount() {
        return hosts(NamespaceHost.Kind.TASK_EXECUTOR).size();
    }

    @Override
    public ZooKeeperHaServices observer() {
        return observer.ha();
    }

    @Override
    public ClusterClient clusterClient() {
        return observer.client();
    }

    @Override
    public void close() throws Exception {
        if (nemesis != null) {
            nemesis.resumeAll(); // a stopped process ignores SIGTERM; packet filters go with the namespaces
        }
        if (observer != null) {
            observer.close();
        }
        script(Duration.ofMinutes(2), List.of("down"));
        if (harnessLog != null) {
            harnessLog.close();
        }
    }
}
