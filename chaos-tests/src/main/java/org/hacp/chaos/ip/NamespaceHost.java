package org.hacp.chaos.ip;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One network-namespace host of {@code scripts/hosts}, as its {@code hosts.list} names it: host
 * name, address, what it runs, the id of that process, and its namespace.
 */
public record NamespaceHost(String name, String address, Kind kind, String processId, String namespace) {

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

    /** The hosts listed in {@code <runDir>/hosts.list}; fails naming the file and line when one is malformed. */
    public static List<NamespaceHost> read(Path runDir) throws IOException {
        Path file = runDir.resolve("hosts.list");
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

    /** The PID file {@code bin/hacp} keeps for this host's process. */
    Path pidFile(Path runDir) {
        return runDir.resolve("hosts")
                .resolve(name)
                .resolve("state")
                .resolve("run")
                .resolve(processId + ".pid");
    }

    /** The directory of this host's logs and event logs. */
    Path logDir(Path runDir) {
        return runDir.resolve("hosts").resolve(name).resolve("state").resolve("log");
    }

    @Override
    public String toString() {
        return name;
    }
}
