package org.hacp.ha.zookeeper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.common.ClientX509Util;
import org.apache.zookeeper.common.X509Util;
import org.hacp.tls.TlsConfig;
import org.hacp.tls.TlsMaterialSource;

/**
 * ZooKeeper over TLS with the process's own certificate ({@code hacp.security.tls}): settings for
 * one client, through its own {@link ZKClientConfig} and never JVM-wide system properties (which
 * every other ZooKeeper client in the JVM would pick up: NIFI-7401), and for the embedded server.
 *
 * <p>ZooKeeper reads a PEM key store as one file holding key and certificate; for PEM material a
 * copy of both is written to a private temporary file (owner-only, removed at exit). ZooKeeper
 * loads its key store when it connects, so a rotated certificate reaches ZooKeeper connections on
 * reconnect at the earliest, unlike RPC (issue 12, noted).
 */
final class ZooKeeperTls {
    private ZooKeeperTls() {}

    /** A client configuration speaking TLS with {@code tls}'s material. */
    static ZKClientConfig clientConfig(TlsConfig tls) {
        ZKClientConfig config = new ZKClientConfig();
        config.setProperty(ZKClientConfig.SECURE_CLIENT, "true");
        config.setProperty(ZKClientConfig.ZOOKEEPER_CLIENT_CNXN_SOCKET, "org.apache.zookeeper.ClientCnxnSocketNetty");
        settings(tls, false).forEach(config::setProperty);
        return config;
    }

    /**
     * The server settings (zoo.cfg keys) of a server whose clients must present a certificate of
     * {@code tls}'s CA. ZooKeeper turns them into system properties: one embedded server per JVM.
     */
    static Map<String, String> serverProperties(TlsConfig tls) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("serverCnxnFactory", "org.apache.zookeeper.server.NettyServerCnxnFactory");
        settings(tls, true).forEach((key, value) -> properties.put(key.substring("zookeeper.".length()), value));
        return properties;
    }

    /** The keys of the client port's TLS settings ("zookeeper.ssl.*"), named by ZooKeeper itself. */
    private static final X509Util NAMES = new ClientX509Util();

    private static Map<String, String> settings(TlsConfig tls, boolean server) {
        X509Util names = NAMES;
        Map<String, String> s = new LinkedHashMap<>();
        if (tls.material() instanceof TlsMaterialSource.Pem pem) {
            s.put(names.getSslKeystoreLocationProperty(), combined(pem).toString());
            s.put(names.getSslKeystoreTypeProperty(), "PEM");
            s.put(names.getSslTruststoreLocationProperty(), pem.ca().toString());
            s.put(names.getSslTruststoreTypeProperty(), "PEM");
        } else {
            TlsMaterialSource.Pkcs12 p12 = (TlsMaterialSource.Pkcs12) tls.material();
            s.put(names.getSslKeystoreLocationProperty(), p12.keyStore().toString());
            s.put(names.getSslKeystorePasswdProperty(), p12.keyStorePassword());
            s.put(names.getSslKeystoreTypeProperty(), "PKCS12");
            s.put(names.getSslTruststoreLocationProperty(), p12.trustStore().toString());
            s.put(names.getSslTruststorePasswdProperty(), p12.trustStorePassword());
            s.put(names.getSslTruststoreTypeProperty(), "PKCS12");
        }
        s.put(names.getSslProtocolProperty(), tls.protocols().get(0));
        s.put(names.getSslEnabledProtocolsProperty(), String.join(",", tls.protocols()));
        s.put(names.getSslCipherSuitesProperty(), String.join(",", tls.cipherSuites()));
        // Servers are reached by IP and proved by the CA, as for RPC.
        s.put(names.getSslHostnameVerificationEnabledProperty(), "false");
        if (server) {
            s.put(names.getSslClientAuthProperty(), "need");
        }
        return s;
    }

    /** Key and certificate chain of {@code pem} in one owner-only temporary file, as ZooKeeper reads them. */
    private static Path combined(TlsMaterialSource.Pem pem) {
        try {
            Path file = Files.createTempFile(
                    "hacp-zookeeper-tls-",
                    ".pem",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            Files.writeString(
                    file,
                    Files.readString(pem.key(), StandardCharsets.US_ASCII)
                            + Files.readString(pem.certificate(), StandardCharsets.US_ASCII),
                    StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the ZooKeeper TLS key store from " + pem, e);
        }
    }
}
