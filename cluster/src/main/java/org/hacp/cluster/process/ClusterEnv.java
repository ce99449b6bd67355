package org.hacp.cluster.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code scripts/cluster up} and {@code scripts/hosts up} leave in their run directory for the
 * tools that act on the running cluster ({@code cluster.env}): its ZooKeeper, cluster id, session
 * timeout, members and the directories of their event logs ({@code EVENT_LOGS=} lines, relative
 * to the run directory; none: the run directory itself). Written and read here only, for
 * {@code ClusterLauncher} and for {@code scripts/hosts} (through {@code bin/hacp hosts}).
 */
public record ClusterEnv(
        String zooKeeper, String clusterId, Duration sessionTimeout, List<Member> members, List<Path> eventLogDirs) {
    public static final String FILE = "cluster.env";

    /** One running member, as its READY line announced it. */
    public record Member(String id, long pid, String rpcHostPort, String statusUrl) {}

    public ClusterEnv {
        members = List.copyOf(members);
        eventLogDirs = List.copyOf(eventLogDirs);
    }

    /** Writes {@code <runDir>/cluster.env}. */
    public void write(Path runDir) throws IOException {
        StringBuilder env = new StringBuilder()
                .append("ZK=")
                .append(zooKeeper)
                .append('\n')
                .append("CLUSTER_ID=")
                .append(clusterId)
                .append('\n')
                .append("SESSION_TIMEOUT_MS=")
                .append(sessionTimeout.toMillis())
                .append('\n');
        for (Member m : members) {
            env.append("MEMBER=")
                    .append(String.join(" ", m.id(), Long.toString(m.pid()), m.rpcHostPort(), m.statusUrl()))
                    .append('\n');
        }
        for (Path dir : eventLogDirs) {
            env.append("EVENT_LOGS=").append(dir).append('\n');
        }
        Files.writeString(runDir.resolve(FILE), env, StandardCharsets.UTF_8);
    }

    /** Reads {@code <runDir>/cluster.env}; fails naming the file and the line that is wrong. */
    public static ClusterEnv read(Path runDir) throws IOException {
        Path file = runDir.resolve(FILE);
        if (!Files.exists(file)) {
            throw new IOException("no running cluster at " + runDir + ": " + file
                    + " is missing (start one with scripts/cluster up)");
        }
        String zk = null;
        String clusterId = "local";
        long sessionMillis = 2000;
        List<Member> members = new ArrayList<>();
        List<Path> eventLogDirs = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            try {
                if (line.startsWith("ZK=")) {
                    zk = line.substring(3);
                } else if (line.startsWith("CLUSTER_ID=")) {
                    clusterId = line.substring(11);
                } else if (line.startsWith("SESSION_TIMEOUT_MS=")) {
                    sessionMillis = Long.parseLong(line.substring(19).trim());
                } else if (line.startsWith("MEMBER=")) {
                    String[] parts = line.substring(7).split(" ");
                    members.add(
                            new Member(parts[0], Long.parseLong(parts[1]), parts[2], parts.length > 3 ? parts[3] : ""));
                } else if (line.startsWith("EVENT_LOGS=")) {
                    eventLogDirs.add(runDir.resolve(line.substring(11)));
                }
            } catch (RuntimeException e) {
                throw new IOException(file + " line " + (i + 1) + " is malformed: '" + line + "'", e);
            }
        }
        if (zk == null) {
            throw new IOException(file + " names no ZooKeeper (ZK=...)");
        }
        return new ClusterEnv(
                zk,
                clusterId,
                Duration.ofMillis(sessionMillis),
                members,
                eventLogDirs.isEmpty() ? List.of(runDir) : eventLogDirs);
    }
}
