package org.hacp.cluster;

import java.time.Duration;
import org.hacp.cluster.taskexecutor.TaskExecutor;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import org.hacp.net.PortRange;

/**
 * Typed settings of the cluster processes ({@code hacp.cluster}); defaults and meanings are in
 * this module's {@code reference.conf}. A bad value fails at start-up naming the key.
 */
public record ClusterConfig(
        Duration heartbeatInterval,
        Duration heartbeatTimeout,
        Duration initialBackoff,
        Duration maxBackoff,
        PortRange statusPorts,
        String statusBindHost,
        boolean statusTls,
        Duration checkpointInterval) {
    private static final String P = "hacp.cluster.";
    /** The key of the status page's port (0, a port, or a range such as {@code 8081-8090}). */
    public static final String STATUS_PORT = P + "status-port";

    public ClusterConfig {
        if (heartbeatInterval.compareTo(heartbeatTimeout) >= 0) {
            throw new ConfigException(P + "heartbeat-interval = " + heartbeatInterval.toMillis()
                    + " ms must be shorter than " + P + "heartbeat-timeout = " + heartbeatTimeout.toMillis() + " ms");
        }
        if (!statusBindHost.matches("[A-Za-z0-9][A-Za-z0-9.:-]{0,252}")) {
            throw new ConfigException(
                    P + "status-bind-host = '" + statusBindHost + "' is not a host name or IP address");
        }
        if (initialBackoff.compareTo(maxBackoff) > 0) {
            throw new ConfigException(P + "registration.initial-backoff = " + initialBackoff.toMillis()
                    + " ms must not exceed " + P + "registration.max-backoff = " + maxBackoff.toMillis() + " ms");
        }
    }

    public static ClusterConfig from(ConfigReader r) {
        return new ClusterConfig(
                r.duration(P + "heartbeat-interval", Duration.ofMillis(10), Duration.ofMinutes(1)),
                r.duration(P + "heartbeat-timeout", Duration.ofMillis(100), Duration.ofMinutes(10)),
                r.duration(P + "registration.initial-backoff", Duration.ofMillis(1), Duration.ofMinutes(1)),
                r.duration(P + "registration.max-backoff", Duration.ofMillis(1), Duration.ofMinutes(10)),
                r.portRange(STATUS_PORT),
                r.string(P + "status-bind-host"),
                r.booleanValue(P + "status-tls"),
                r.duration(P + "checkpoint-interval", Duration.ZERO, Duration.ofMinutes(10)));
    }

    /** A TaskExecutor's registration and heartbeat timing. */
    public TaskExecutor.Timing taskExecutorTiming() {
        return new TaskExecutor.Timing(heartbeatInterval, heartbeatTimeout, initialBackoff, maxBackoff);
    }
}
