package org.hacp.cluster.hosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.hacp.cluster.hosts.NamespaceHost.Kind;
import org.hacp.cluster.process.ClusterEnv;
import org.hacp.cluster.process.ReadyLine;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import org.hacp.threads.CommandExit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code bin/hacp hosts}: the formats of {@code scripts/hosts}, which keeps only the network
 * namespaces, the bridge and starting or stopping processes. {@code layout} writes every file of a
 * run ({@link HostsLayout}); {@code members} records the READY lines of the last starts in
 * {@code cluster.env}. Exit 2 names a bad option, exit 1 a file that could not be written or read.
 */
@Command(
        name = "hosts",
        mixinStandardHelpOptions = true,
        description = "The files of a scripts/hosts run (used by scripts/hosts, not by operators).",
        subcommands = {HostsCommand.Layout.class, HostsCommand.Members.class})
public final class HostsCommand {

    public static void main(String[] args) {
        CommandExit.exit(new CommandLine(new HostsCommand()).execute(args));
    }

    @Command(name = "layout", mixinStandardHelpOptions = true, description = "Writes every file of a run.")
    static final class Layout implements Callable<Integer> {
        @Option(names = "--run-dir", required = true)
        Path runDir;

        @Option(names = "--hacp-home", required = true, description = "The unpacked distribution the hosts run.")
        Path hacpHome;

        @Option(names = "--prefix", defaultValue = "hacp")
        String prefix;

        @Option(names = "--subnet", defaultValue = "10.77.0")
        String subnet;

        @Option(names = "--session-timeout", defaultValue = "10s")
        String sessionTimeout;

        @Option(names = "--jvm-option", description = "An extra JVM option of the JobManagers and TaskExecutors.")
        List<String> jvmOptions = new ArrayList<>();

        @Override
        public Integer call() throws IOException {
            HostsLayout layout;
            try {
                Duration session = ConfigReader.parseDuration(sessionTimeout, "--session-timeout");
                layout = new HostsLayout(hacpHome.toAbsolutePath(), prefix, subnet, session, jvmOptions);
            } catch (IllegalArgumentException | ConfigException e) {
                System.err.println("scripts/hosts up: " + e.getMessage());
                return 2;
            }
            layout.write(runDir.toAbsolutePath());
            return 0;
        }
    }

    @Command(
            name = "members",
            mixinStandardHelpOptions = true,
            description = "Records each host's last READY line in cluster.env.")
    static final class Members implements Callable<Integer> {
        @Option(names = "--run-dir", required = true)
        Path runDir;

        @Override
        public Integer call() throws IOException {
            Path run = runDir.toAbsolutePath();
            ClusterEnv env = ClusterEnv.read(run);
            List<ClusterEnv.Member> members = new ArrayList<>();
            for (NamespaceHost h : NamespaceHost.read(run)) {
                if (h.kind() != Kind.ZOOKEEPER) {
                    readyLine(h, run).ifPresent(r -> members.add(r.member()));
                }
            }
            // The event-log directories as the layout wrote them: relative, so the run directory can move.
            List<Path> eventLogs =
                    env.eventLogDirs().stream().map(run::relativize).toList();
            new ClusterEnv(env.zooKeeper(), env.clusterId(), env.sessionTimeout(), members, eventLogs).write(run);
            return 0;
        }

        /** The last READY line of the host's last start; none if it never started or failed to. */
        private static Optional<ReadyLine> readyLine(NamespaceHost h, Path run) throws IOException {
            Path out = h.startOutput(run);
            if (!Files.exists(out)) {
                return Optional.empty();
            }
            Optional<ReadyLine> last = Optional.empty();
            for (String line : Files.readAllLines(out, StandardCharsets.UTF_8)) {
                Optional<ReadyLine> ready = ReadyLine.parse(line.strip(), h.processId());
                if (ready.isPresent()) {
                    last = ready;
                }
            }
            return last;
        }
    }
}
