package org.hacp.rpc.pekko;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.BootstrapSetup;
import org.apache.pekko.actor.setup.ActorSystemSetup;
import org.apache.pekko.remote.artery.tcp.SSLEngineProviderSetup;
import org.hacp.net.FreePorts;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcException;
import org.hacp.tls.RotatingTlsMaterial;

/**
 * The Pekko configuration of an RPC service, made from the project's {@link RpcConfig}. The fixed
 * part is a constant; values that come from operators (hosts, ports, sizes) are set as values with
 * {@link ConfigFactory#parseMap}, never pasted into HOCON text, so no value can add settings of its
 * own (a crafted host once switched Java serialization back on: issue 13).
 */
final class PekkoSystemConfig {
    private static final String FIXED = String.join(
            "\n",
            "pekko {",
            " loggers = [\"org.apache.pekko.event.slf4j.Slf4jLogger\"]",
            " logging-filter = \"org.apache.pekko.event.slf4j.Slf4jLoggingFilter\"",
            " loglevel = INFO",
            " stdout-loglevel = OFF",
            " log-dead-letters = off",
            " log-dead-letters-during-shutdown = off",
            " coordinated-shutdown.run-by-jvm-shutdown-hook = off",
            " coordinated-shutdown.exit-jvm = off",
            " actor {",
            "  allow-java-serialization = off",
            "  warn-about-java-serializer-usage = off",
            "  serializers { hacp-wire = \"org.hacp.rpc.wire.WireSerializer\" }",
            "  serialization-bindings { \"org.hacp.rpc.wire.WireMessage\" = hacp-wire }",
            " }",
            " remote.use-unsafe-remote-features-outside-cluster = on",
            " remote.warn-unsafe-watch-outside-cluster = off",
            // No peer may create actors here: 40,000 remote deployments once grew a JobManager's heap (issue 12).
            " remote.deployment.enable-allow-list = on",
            " remote.deployment.allowed-actor-classes = []",
            // A peer may not stop our actors (PoisonPill, Kill, system messages) nor look them up by
            // selection (a wildcard Identify listed every endpoint): connect() resolves paths locally (issue 12).
            " remote.artery.untrusted-mode = on",
            " remote.artery.trusted-selection-paths = []",
            "}");
    /** Artery's frame limit needs headroom for its own headers; our frame check runs first and names the limit. */
    private static final int ARTERY_HEADER_ROOM = 64 * 1024;

    private PekkoSystemConfig() {}

    static Config of(RpcConfig c, boolean remote) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("pekko.actor.provider", remote ? "remote" : "local");
        values.put("pekko.actor.default-dispatcher.throughput", c.dispatcherThroughput());
        if (remote) {
            // tls-tcp: mutual TLS with the engines of ArteryTlsEngines (issue 12).
            values.put("pekko.remote.artery.transport", c.tls().enabled() ? "tls-tcp" : "tcp");
            values.put("pekko.remote.artery.canonical.hostname", c.advertisedHost());
            values.put(
                    "pekko.remote.artery.canonical.port", c.advertisedPort() >= 0 ? c.advertisedPort() : c.bindPort());
            values.put("pekko.remote.artery.bind.hostname", c.bindHost());
            values.put(
                    "pekko.remote.artery.bind.port",
                    c.advertisedPort() < 0 ? "" : c.bindPort() == 0 ? freeBindPort(c.bindHost()) : c.bindPort());
            values.put("pekko.remote.artery.advanced.outbound-message-queue-size", c.outboundQueueSize());
            values.put(
                    "pekko.remote.artery.advanced.maximum-frame-size", (c.maxFrameSize() + ARTERY_HEADER_ROOM) + "b");
        }
        return ConfigFactory.parseMap(values)
                .withFallback(ConfigFactory.parseString(FIXED))
                .withFallback(ConfigFactory.defaultReference());
    }

    private static int freeBindPort(String host) {
        try {
            return FreePorts.onHost(host);
        } catch (UncheckedIOException e) {
            throw new RpcException("cannot find a free port on " + host + " for hacp.rpc.bind-port = 0", e);
        }
    }

    /** The actor system of an RPC service; with TLS, its material is loaded (and checked) first. */
    static ActorSystem createSystem(RpcConfig config, boolean remote) {
        Config pekkoConfig = of(config, remote);
        if (!remote || !config.tls().enabled()) {
            return ActorSystem.create(config.systemName(), pekkoConfig);
        }
        // Loaded before the system starts: a bad key or certificate fails here, naming the file.
        RotatingTlsMaterial material = new RotatingTlsMaterial(config.tls());
        return ActorSystem.create(
                config.systemName(),
                ActorSystemSetup.create(
                        BootstrapSetup.create(pekkoConfig),
                        SSLEngineProviderSetup.create(system -> new ArteryTlsEngines(material))));
    }
}
