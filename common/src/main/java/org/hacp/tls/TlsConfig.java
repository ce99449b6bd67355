package org.hacp.tls;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;

/**
 * Settings of mutual TLS, read from {@code hacp.security.tls}: this process's key and certificate
 * and the cluster's CA, as PEM files or PKCS12 stores. Every connection — RPC between processes,
 * the ZooKeeper client, the status page — uses the same material. Defaults and meanings are in
 * {@code reference.conf}; a bad value fails here naming its key. {@link #toString()} never prints
 * a password.
 *
 * @param enabled whether connections use TLS at all
 * @param material where the key, certificate and trusted CAs are read from
 * @param protocols TLS protocol versions offered
 * @param cipherSuites cipher suites offered
 * @param peerSubject when not null, a peer's certificate must have a subject or SAN matching it
 * @param reloadInterval how often the files are checked for a rotated key or certificate
 */
public record TlsConfig(
        boolean enabled,
        TlsMaterialSource material,
        List<String> protocols,
        List<String> cipherSuites,
        Pattern peerSubject,
        Duration reloadInterval) {

    private static final String P = "hacp.security.tls.";
    private static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3");
    private static final List<String> DEFAULT_SUITES = List.of("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384");

    public TlsConfig {
        protocols = List.copyOf(protocols);
        cipherSuites = List.copyOf(cipherSuites);
        if (enabled && material == null) {
            throw new ConfigException(P + "enabled = true needs certificate-file, key-file and ca-file"
                    + " (PEM) or key-store and trust-store (PKCS12)");
        }
        if (enabled && (protocols.isEmpty() || cipherSuites.isEmpty())) {
            throw new ConfigException(P + "protocols and " + P + "cipher-suites must not be empty");
        }
    }

    /** TLS off: plain TCP. */
    public static TlsConfig disabled() {
        return new TlsConfig(false, null, DEFAULT_PROTOCOLS, DEFAULT_SUITES, null, Duration.ofSeconds(10));
    }

    /** TLS on with PEM files and the default protocols, suites and reload interval. */
    public static TlsConfig pem(Path certificate, Path key, Path ca) {
        return new TlsConfig(
                true,
                new TlsMaterialSource.Pem(certificate, key, ca),
                DEFAULT_PROTOCOLS,
                DEFAULT_SUITES,
                null,
                Duration.ofSeconds(10));
    }

    public TlsConfig withReloadInterval(Duration interval) {
        return new TlsConfig(enabled, material, protocols, cipherSuites, peerSubject, interval);
    }

    public TlsConfig withPeerSubject(Pattern pattern) {
        return new TlsConfig(enabled, material, protocols, cipherSuites, pattern, reloadInterval);
    }

    /** Reads and validates {@code hacp.security.tls}. */
    public static TlsConfig from(ConfigReader r) {
        boolean enabled = r.booleanValue(P + "enabled");
        TlsMaterialSource material = enabled ? material(r) : null;
        String subject = r.string(P + "peer-subject");
        Pattern peerSubject;
        try {
            peerSubject = subject.isEmpty() ? null : Pattern.compile(subject);
        } catch (PatternSyntaxException e) {
            throw new ConfigException(P + "peer-subject is not a regular expression: " + e.getDescription(), e);
        }
        return new TlsConfig(
                enabled,
                material,
                r.stringList(P + "protocols"),
                r.stringList(P + "cipher-suites"),
                peerSubject,
                r.duration(P + "reload-interval", Duration.ofMillis(100), Duration.ofHours(24)));
    }

    private static TlsMaterialSource material(ConfigReader r) {
        String cert = r.string(P + "certificate-file");
        String key = r.string(P + "key-file");
        String ca = r.string(P + "ca-file");
        String keyStore = r.string(P + "key-store");
        String trustStore = r.string(P + "trust-store");
        boolean pem = !cert.isEmpty() || !key.isEmpty() || !ca.isEmpty();
        boolean pkcs12 = !keyStore.isEmpty() || !trustStore.isEmpty();
        if (pem && pkcs12) {
            throw new ConfigException(P + "certificate-file/key-file/ca-file (PEM) and key-store/trust-store"
                    + " (PKCS12) are alternatives: set one kind");
        }
        if (pem) {
            requireSet(P + "certificate-file", cert);
            requireSet(P + "key-file", key);
            requireSet(P + "ca-file", ca);
            return new TlsMaterialSource.Pem(Path.of(cert), Path.of(key), Path.of(ca));
        }
        if (pkcs12) {
            requireSet(P + "key-store", keyStore);
            requireSet(P + "trust-store", trustStore);
            return new TlsMaterialSource.Pkcs12(
                    Path.of(keyStore),
                    r.secret(P + "key-store-password"),
                    Path.of(trustStore),
                    r.secret(P + "trust-store-password"));
        }
        return null;
    }

    private static void requireSet(String key, String value) {
        if (value.isEmpty()) {
            throw new ConfigException(key + " must be set (TLS is enabled and the other files of its kind are)");
        }
    }

    @Override
    public String toString() {
        return "TlsConfig[enabled=" + enabled + ", material=" + material + ", protocols=" + protocols
                + ", cipherSuites=" + cipherSuites + ", peerSubject=" + peerSubject + ", reloadInterval="
                + reloadInterval + "]";
    }
}
