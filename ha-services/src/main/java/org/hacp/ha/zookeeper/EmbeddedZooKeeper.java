package org.hacp.ha.zookeeper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.zookeeper.server.command.FourLetterCommands;
import org.apache.zookeeper.server.embedded.ExitHandler;
import org.apache.zookeeper.server.embedded.ZooKeeperServerEmbedded;
import org.hacp.ha.HaServicesException;
import org.hacp.net.FreePorts;
import org.hacp.tls.TlsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real ZooKeeper server inside this process (ZooKeeper's own {@link ZooKeeperServerEmbedded}),
 * for one-machine runs when no ensemble is configured. It listens on loopback only and answers
 * only the four-letter words that reveal nothing about the host ({@code srvr}, {@code ruok},
 * {@code mntr}): {@code envi} once showed anyone the user, working directory and class path
 * (issue 12). ZooKeeper keeps that list JVM-wide; this server sets it when it starts. Its tick is
 * derived from the session timeout so that ZooKeeper accepts it (sessions must lie within 2..20
 * ticks). Close stops it (and removes a temporary data dir).
 */
public final class EmbeddedZooKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedZooKeeper.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final String FOUR_LETTER_WORDS = "srvr, ruok, mntr";
    private static final long START_TIMEOUT_MILLIS = 30_000;

    private final ZooKeeperServerEmbedded server;
    private final int port;
    private final Path temporaryDir;

    private EmbeddedZooKeeper(ZooKeeperServerEmbedded server, int port, Path temporaryDir) {
        this.server = server;
        this.port = port;
        this.temporaryDir = temporaryDir;
    }

    /**
     * Starts a server listening on loopback only.
     *
     * @param dataDir its data directory, or null/empty for a temporary one
     * @param port its port, 0 for a free one
     */
    public static EmbeddedZooKeeper start(String dataDir, int port, Duration sessionTimeout) {
        return start(dataDir, port, sessionTimeout, TlsConfig.disabled(), null);
    }

    /**
     * Starts a server listening on loopback only; with {@code tls} enabled it accepts only TLS
     * clients presenting a certificate of that material's CA, on the same port; with a
     * {@code saslCredential} ("user:password") it serves only sessions that logged in with it.
     */
    public static EmbeddedZooKeeper start(
            String dataDir, int port, Duration sessionTimeout, TlsConfig tls, String saslCredential) {
        boolean temporary = dataDir == null || dataDir.isEmpty();
        int tick = (int) Math.max(50, Math.min(2000, sessionTimeout.toMillis() / 10));
        Path base = null;
        try {
            base = temporary ? Files.createTempDirectory("hacp-zookeeper-") : Files.createDirectories(Path.of(dataDir));
            int clientPort = port == 0 ? FreePorts.loopback() : port;
            Properties config = new Properties();
            if (tls.enabled()) {
                config.setProperty("secureClientPort", Integer.toString(clientPort));
                config.setProperty("secureClientPortAddress", LOOPBACK);
                ZooKeeperTls.serverProperties(tls).forEach(config::setProperty);
            } else {
                config.setProperty("clientPort", Integer.toString(clientPort));
                config.setProperty("clientPortAddress", LOOPBACK);
            }
            Map<String, String> sasl =
                    saslCredential == null ? Map.of() : ZooKeeperSasl.serverProperties(saslCredential);
            sasl.forEach(config::setProperty);
            config.setProperty("tickTime", Integer.toString(tick));
            config.setProperty("dataDir", base.resolve("data").toString());
            config.setProperty("4lw.commands.whitelist", FOUR_LETTER_WORDS);
            config.setProperty("admin.enableServer", "false");
            // Taken before the server parses its configuration (when it is built).
            Map<String, String> systemBefore = systemProperties(sasl.keySet());
            ZooKeeperServerEmbedded server = ZooKeeperServerEmbedded.builder()
                    .baseDir(base)
                    .configuration(config)
                    .exitHandler(ExitHandler.LOG_ONLY)
                    .build();
            try {
                server.start(START_TIMEOUT_MILLIS);
            } finally {
                // ZooKeeper turns these into JVM-wide system properties; this server has read them by
                // now. Left set, every later server in the JVM enforced SASL (found by ha-services' tests).
                restore(systemBefore);
            }
            FourLetterCommands.resetWhiteList(); // re-read the list this server set, whatever was read before
            LOG.info(
                    "Embedded ZooKeeper started at {}:{} (data dir {}, tick {} ms, {})",
                    LOOPBACK,
                    clientPort,
                    base,
                    tick,
                    (tls.enabled() ? "TLS clients with a certificate of the cluster's CA only" : "plain TCP")
                            + (saslCredential != null ? ", SASL login required" : ""));
            return new EmbeddedZooKeeper(server, clientPort, temporary ? base : null);
        } catch (Exception e) {
            if (temporary && base != null) {
                deleteQuietly(base);
            }
            throw new HaServicesException(
                    "cannot start the embedded ZooKeeper server (port " + port + ", data dir '" + dataDir + "'): "
                            + e.getMessage(),
                    e);
        }
    }

    private static Map<String, String> systemProperties(Set<String> configKeys) {
        Map<String, String> values = new HashMap<>();
        for (String key : configKeys) {
            values.put("zookeeper." + key, System.getProperty("zookeeper." + key));
        }
        return values;
    }

    private static void restore(Map<String, String> values) {
        values.forEach((key, value) -> {
            if (value == null) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, value);
            }
        });
    }

    public String connectString() {
        return LOOPBACK + ":" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        server.close();
        if (temporaryDir != null) {
            deleteQuietly(temporaryDir);
        }
        LOG.info("Embedded ZooKeeper at {} stopped", connectString());
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("Could not delete the embedded ZooKeeper's temporary directory {}: {}", dir, e.toString());
        }
    }
}
