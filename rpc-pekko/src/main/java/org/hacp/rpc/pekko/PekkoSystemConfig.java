package org.hacp.rpc.pekko;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.BootstrapSetup;
import org.apache.pekko.actor.setup.ActorSystemSetup;
import org.apache.pekko.remote.artery.tcp.SSLEngineProviderSetup;
import org.hacp.net.FreePorts;
import org.hacp.net.PortRange;
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
    /**
     * The loader of this package, given to Pekko explicitly: in the isolated jar (issue 18) it is the
     * submodule loader that holds Pekko, Scala and their configuration, while the context class
     * loader Pekko would fall back to is the application's, which may carry another Pekko.
     */
    private static final ClassLoader OWN_LOADER = PekkoSystemConfig.class.getClassLoader();

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
            // Daemon threads: a transport that overruns its close bound (issue 28: Artery over TLS
            // once took over 30 s) cannot keep a finished command's JVM alive.
            " daemonic = on",
            " actor {",
            "  allow-java-serialization = off",
            "  warn-about-java-serializer-usage = off",
            "  serializers { hacp-wire = \"org.hacp.rpc.pekko.WireSerializer\" }",
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

    /**
     * @param canonicalPort the port advertised (0: the one bound)
     * @param bindPort the port bound, or -1 for the canonical one
     */
    static Config of(RpcConfig c, boolean remote, int canonicalPort, int bindPort) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("pekko.actor.provider", remote ? "remote" : "local");
        values.put("pekko.actor.default-dispatcher.throughput", c.dispatcherThroughput());
        if (remote) {
            // tls-tcp: mutual TLS with the engines of ArteryTlsEngines (issue 12).
            values.put("pekko.remote.artery.transport", c.tls().enabled() ? "tls-tcp" : "tcp");
            values.put("pekko.remote.artery.canonical.hostname", c.advertisedHost());
            values.put("pekko.remote.artery.canonical.port", canonicalPort);
            values.put("pekko.remote.artery.bind.hostname", c.bindHost());
            values.put("pekko.remote.artery.bind.port", bindPort < 0 ? "" : bindPort);
            values.put("pekko.remote.artery.advanced.outbound-message-queue-size", c.outboundQueueSize());
            values.put(
                    "pekko.remote.artery.advanced.maximum-frame-size", (c.maxFrameSize() + ARTERY_HEADER_ROOM) + "b");
            values.put(
                    "pekko.remote.artery.advanced.shutdown-flush-timeout",
                    c.shutdownFlushTimeout().toMillis() + "ms");
        }
        return ConfigFactory.parseMap(values)
                .withFallback(ConfigFactory.parseString(FIXED))
                .withFallback(ConfigFactory.defaultReference(OWN_LOADER));
    }

    /**
     * The actor system of an RPC service, bound to the first free port its configuration allows
     * (issue 18); with TLS, its material is loaded (and checked) first, once.
     *
     * @throws RpcException naming the port setting when no allowed port is free
     */
    static ActorSystem createSystem(RpcConfig config, boolean remote) {
        RotatingTlsMaterial material = remote && config.tls().enabled() ? new RotatingTlsMaterial(config.tls()) : null;
        if (!remote) {
            return create(config, of(config, false, 0, -1), null);
        }
        PortRange bind = config.bindPorts();
        PortRange advertised = config.advertisedPorts();
        try {
            if (advertised == null) {
                return bind.bindFirst(config.bindHost(), port -> start(config, port, -1, port, material));
            }
            if (!advertised.single()) {
                return advertised.bindFirst(config.bindHost(), port -> start(config, port, port, port, material));
            }
            int canonical = advertised.candidates().get(0);
            if (bind.anyFree()) {
                int free = FreePorts.onHost(config.bindHost());
                return start(config, canonical, free, free, material);
            }
            return bind.bindFirst(config.bindHost(), port -> start(config, canonical, port, port, material));
        } catch (UncheckedIOException | BindException e) {
            throw new RpcException(e.getMessage(), e);
        }
    }

    /**
     * One attempt at {@code probe}: refused at once if something listens there (starting an actor
     * system to find out takes ~0.5 s), else the system, which Pekko terminates itself when its
     * bind fails.
     */
    private static ActorSystem start(RpcConfig config, int canonical, int bind, int probe, RotatingTlsMaterial material)
            throws BindException {
        if (probe != 0) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(config.bindHost(), probe));
            } catch (BindException taken) {
                throw taken;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot probe " + config.bindHost() + ":" + probe, e);
            }
        }
        try {
            return create(config, of(config, true, canonical, bind), material);
        } catch (RuntimeException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof BindException taken) {
                    throw taken;
                }
            }
            throw e;
        }
    }

    private static ActorSystem create(RpcConfig config, Config pekkoConfig, RotatingTlsMaterial material) {
        BootstrapSetup bootstrap = BootstrapSetup.create(pekkoConfig).withClassloader(OWN_LOADER);
        if (material == null) {
            return ActorSystem.create(config.systemName(), ActorSystemSetup.create(bootstrap));
        }
        return ActorSystem.create(
                config.systemName(),
                ActorSystemSetup.create(
                        bootstrap, SSLEngineProviderSetup.create(system -> new ArteryTlsEngines(material))));
    }
}
