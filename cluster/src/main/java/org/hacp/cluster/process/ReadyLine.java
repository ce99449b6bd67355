package org.hacp.cluster.process;

import java.util.Optional;

/**
 * The line a cluster process prints on stdout once it serves, and the one Java class that writes and
 * reads it: {@code READY <id> <pid> <rpc-host>:<rpc-port> [<status-url>]} ({@code bin/hacp} only
 * greps for the {@code READY <id> <pid> } start of it while it waits for a process to serve).
 *
 * @param statusUrl the HTTP status page, or empty for a process without one
 */
public record ReadyLine(String id, long pid, String rpcHostPort, String statusUrl) {
    private static final String PREFIX = "READY ";

    public ReadyLine {
        if (id.isBlank() || id.contains(" ") || rpcHostPort.contains(" ") || statusUrl.contains(" ")) {
            throw new IllegalArgumentException(
                    "a READY line's parts must be non-empty words: " + id + ", " + rpcHostPort + ", " + statusUrl);
        }
    }

    /** The line, without a line break. */
    public String format() {
        return PREFIX + id + " " + pid + " " + rpcHostPort + (statusUrl.isEmpty() ? "" : " " + statusUrl);
    }

    /** Prints the line on stdout and flushes it: the launcher is waiting for it. */
    public void print() {
        System.out.println(format());
        System.out.flush();
    }

    /** The member of {@code cluster.env} this line announces. */
    public ClusterEnv.Member member() {
        return new ClusterEnv.Member(id, pid, rpcHostPort, statusUrl);
    }

    /** The READY line of process {@code id}, if {@code line} is one; any other output line gives empty. */
    public static Optional<ReadyLine> parse(String line, String id) {
        if (!line.startsWith(PREFIX + id + " ")) {
            return Optional.empty();
        }
        String[] parts = line.split(" ");
        if (parts.length < 4 || parts.length > 5) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    new ReadyLine(parts[1], Long.parseLong(parts[2]), parts[3], parts.length == 5 ? parts[4] : ""));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
