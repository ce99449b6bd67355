package org.hacp.cluster.hosts;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One network-namespace host of {@code scripts/hosts}, as its {@code hosts.list} names it: host
 * name, address, what it runs, the id of that process, and its namespace. This class writes and
 * reads the file; {@code scripts/hosts} only splits its lines into those five words.
 */
public record NamespaceHost(String name, String address, Kind kind, String processId, String namespace) {
    /** The file in the run directory. */
    public static final String FILE = "hosts.list";

    /** What a host runs. */
    public enum Kind {
        ZOOKEEPER("zookeeper"),
        JOB_MANAGER("jobmanager"),
        TASK_EXECUTOR("taskexecutor");

        private final String role;

        Kind(String role) {
            this.role = role;
        }

        /** The role as {@code bin/hacp} and {@code scripts/hosts} name it. */
        public String role() {
            return role;
        }

        static Kind of(String role) {
            for (Kind k : values()) {
                if (k.role.equals(role)) {
                    return k;
                }
            }
            throw new IllegalArgumentException("unknown role '" + role + "'");
        }
    }

    /** Writes {@code <runDir>/hosts.list}, one host per line. */
    public static void write(Path runDir, List<NamespaceHost> hosts) throws IOException {
        StringBuilder list = new StringBuilder();
        for (NamespaceHost h : hosts) {
            list.append(String.join(" ", h.name, h.address, h.kind.role(), h.processId, h.namespace))
                    .append('\n');
        }
        Files.writeString(runDir.resolve(FILE), list, StandardCharsets.UTF_8);
    }

    /** The hosts listed in {@code <runDir>/hosts.list}; fails naming the file and line when one is malformed. */
    public static List<NamespaceHost> read(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        List<NamespaceHost> hosts = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String[] parts = lines.get(i).trim().split(" ");
            try {
                hosts.add(new NamespaceHost(parts[0], parts[1], Kind.of(parts[2]), parts[3], parts[4]));
            } catch (RuntimeException e) {
                throw new IOException(
                        file + " line " + (i + 1) + " is not 'host address role id namespace': '" + lines.get(i) + "'");
            }
        }
        return List.copyOf(hosts);
    }

    /** The directory of this host's configuration ({@code HACP_CONF_DIR} of its processes). */
    public Path confDir(Path runDir) {
        return hostDir(runDir).resolve("conf");
    }

    /** The directory of this host's PID files, logs and data ({@code HACP_STATE_DIR} of its processes). */
    public Path stateDir(Path runDir) {
        return hostDir(runDir).resolve("state");
    }

    /** What {@code scripts/hosts} captured of this host's last {@code bin/hacp ROLE start}: its READY line. */
    public Path startOutput(Path runDir) {
        return hostDir(runDir).resolve("start.out");
    }

    /** The PID file {@code bin/hacp} keeps for this host's process. */
    public Path pidFile(Path runDir) {
        return stateDir(runDir).resolve("run").resolve(processId + ".pid");
    }

    /** The directory of this host's logs and event logs. */
    public Path logDir(Path runDir) {
        return stateDir(runDir).resolve("log");
    }

    private Path hostDir(Path runDir) {
        return runDir.resolve("hosts").resolve(name);
    }

    @Override
    public String toString() {
        return name;
    }
}
