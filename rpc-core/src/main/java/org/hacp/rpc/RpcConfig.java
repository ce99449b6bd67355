package org.hacp.rpc;

import java.time.Duration;
import java.util.regex.Pattern;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import org.hacp.net.PortRange;
import org.hacp.tls.TlsConfig;

/**
 * Typed settings of the RPC runtime, read from the {@code hacp.rpc} section of the project's
 * configuration. Defaults and allowed ranges are documented in this module's
 * {@code reference.conf}; an out-of-range value fails here with a message naming the key.
 *
 * @param systemName name of the actor system, part of every address
 * @param askTimeout default ask timeout
 * @param maxFrameSize largest encoded request or response, in bytes
 * @param bindHost host the transport binds to
 * @param bindPorts where the transport binds: the first free port of the range; 0 picks any free port
 * @param advertisedHost host other processes use to reach this one
 * @param advertisedPorts port other processes use, or null for the port bound; a range (with
 *     {@code bindPorts} 0) binds and advertises its first free port
 * @param forceSerialization encode local calls as if they were remote
 * @param outboundQueueSize calls to one remote service that may wait to be sent
 * @param dispatcherThroughput messages per actor before yielding the thread
 * @param connectMaxAttempts resolve-and-handshake attempts of one connect
 * @param connectAttemptTimeout timeout of one connect attempt
 * @param connectRetryDelay pause between connect attempts
 * @param shutdownFlushTimeout how long a closing service waits for peers to take the messages it
 *     still has for them
 * @param tls mutual TLS of the transport ({@code hacp.security.tls})
 */
public record RpcConfig(
        String systemName,
        Duration askTimeout,
        long maxFrameSize,
        String bindHost,
        PortRange bindPorts,
        String advertisedHost,
        PortRange advertisedPorts,
        boolean forceSerialization,
        int outboundQueueSize,
        int dispatcherThroughput,
        int connectMaxAttempts,
        Duration connectAttemptTimeout,
        Duration connectRetryDelay,
        Duration shutdownFlushTimeout,
        TlsConfig tls) {

    private static final String P = "hacp.rpc.";

    public RpcConfig {
        if (systemName == null || !systemName.matches("[A-Za-z0-9][A-Za-z0-9_-]*")) {
            throw new ConfigException(P + "system-name = '" + systemName
                    + "' is not allowed: use letters, digits, '-' and '_', starting with a letter or digit");
        }
        if (advertisedHost == null || advertisedHost.isBlank()) {
            throw new ConfigException(P + "advertised-host must not be empty");
        }
        if (bindHost == null || bindHost.isBlank()) {
            bindHost = advertisedHost;
        }
        checkHost("advertised-host", advertisedHost);
        checkHost("bind-host", bindHost);
        if (advertisedPorts != null && !advertisedPorts.single() && !bindPorts.anyFree()) {
            throw new ConfigException(P + "advertised-port = " + advertisedPorts + " is a range, so " + P
                    + "bind-port must be 0 (the port bound is then the one advertised), not " + bindPorts);
        }
        if (tls == null) {
            tls = TlsConfig.disabled();
        }
    }

    /** A host name or IP literal, nothing else: the value ends up in Pekko's own configuration and in addresses. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})|\\[?[0-9A-Fa-f:.]{2,45}]?");

    private static void checkHost(String key, String host) {
        if (!HOST.matcher(host).matches()) {
            throw new ConfigException(P + key + " = '" + host
                    + "' is not a host name or IP address (letters, digits, '.', '-', or an IPv6 literal)");
        }
    }

    /** The defaults of {@code reference.conf}. */
    public static RpcConfig defaults() {
        return from(ConfigReader.defaults());
    }

    /** Reads and validates the {@code hacp.rpc} section. */
    public static RpcConfig from(ConfigReader r) {
        return new RpcConfig(
                r.string(P + "system-name"),
                r.duration(P + "ask-timeout", Duration.ofMillis(1), Duration.ofHours(1)),
                r.bytes(P + "max-frame-size", 4 * 1024, 64 * 1024 * 1024),
                r.string(P + "bind-host"),
                r.portRange(P + "bind-port"),
                r.string(P + "advertised-host"),
                advertisedPorts(r.string(P + "advertised-port")),
                r.booleanValue(P + "force-serialization"),
                r.intValue(P + "outbound-queue-size", 1024, 1 << 20),
                r.intValue(P + "dispatcher-throughput", 1, 1000),
                r.intValue(P + "connect.max-attempts", 1, 100),
                r.duration(P + "connect.attempt-timeout", Duration.ofMillis(10), Duration.ofMinutes(5)),
                r.duration(P + "connect.retry-delay", Duration.ZERO, Duration.ofMinutes(1)),
                r.duration(P + "shutdown-flush-timeout", Duration.ZERO, Duration.ofSeconds(10)),
                TlsConfig.from(r));
    }

    /** -1 or 0: the port bound; otherwise ports as {@code bind-port} takes them. */
    private static PortRange advertisedPorts(String text) {
        String t = text.strip();
        return t.equals("-1") || t.equals("0") ? null : PortRange.parse(P + "advertised-port", t);
    }

    /** The same settings with another default ask timeout. */
    public RpcConfig withAskTimeout(Duration timeout) {
        return copy(timeout, forceSerialization, shutdownFlushTimeout, tls);
    }

    /** The same settings with local calls encoded or not. */
    public RpcConfig withForceSerialization(boolean force) {
        return copy(askTimeout, force, shutdownFlushTimeout, tls);
    }

    /** The same settings with {@code tls} for the transport. */
    public RpcConfig withTls(TlsConfig tls) {
        return copy(askTimeout, forceSerialization, shutdownFlushTimeout, tls);
    }

    /** The same settings with another shutdown flush timeout. */
    public RpcConfig withShutdownFlushTimeout(Duration timeout) {
        return copy(askTimeout, forceSerialization, timeout, tls);
    }

    /** One copy for every wither: a new setting is added here once, not in each of them. */
    private RpcConfig copy(
            Duration askTimeout, boolean forceSerialization, Duration shutdownFlushTimeout, TlsConfig tls) {
        return new RpcConfig(
                systemName,
                askTimeout,
                maxFrameSize,
                bindHost,
                bindPorts,
                advertisedHost,
                advertisedPorts,
                forceSerialization,
                outboundQueueSize,
                dispatcherThroughput,
                connectMaxAttempts,
                connectAttemptTimeout,
                connectRetryDelay,
                shutdownFlushTimeout,
                tls);
    }
}
