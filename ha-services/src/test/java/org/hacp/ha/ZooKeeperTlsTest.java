package org.hacp.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import org.hacp.ha.zookeeper.EmbeddedZooKeeper;
import org.hacp.ha.zookeeper.ZooKeeperHaServices;
import org.hacp.testing.Closer;
import org.hacp.tls.ClusterCa;
import org.hacp.tls.TlsConfig;
import org.hacp.tls.TlsMaterialSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12, item 3: ZooKeeper over TLS, configured per client. With TLS on, the embedded server
 * accepts only clients presenting a certificate of the cluster's CA: a plain client and one with
 * another CA's certificate (trusting ours) cannot connect, so they read and write nothing.
 */
class ZooKeeperTlsTest {
    @TempDir
    Path dir;

    private final Closer closer = new Closer();
    private ClusterCa ca;
    private EmbeddedZooKeeper zk;

    @BeforeEach
    void setUp() {
        ca = ClusterCa.openOrCreate(dir.resolve("ca"), "zk");
        zk = closer.track(EmbeddedZooKeeper.start(null, 0, Duration.ofSeconds(2), ca.issue("zookeeper"), null));
    }

    @AfterEach
    void tearDown() {
        closer.close();
    }

    private HaConfig config(TlsConfig tls) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("hacp.ha.cluster-id", "tls");
        values.put("hacp.ha.zookeeper.connect-string", zk.connectString());
        values.put("hacp.ha.zookeeper.session-timeout", "2s");
        values.put("hacp.ha.zookeeper.connection-timeout", "2s");
        values.put("hacp.ha.zookeeper.retry.max-retries", 0);
        if (tls != null) {
            TlsMaterialSource.Pem pem = (TlsMaterialSource.Pem) tls.material();
            values.put("hacp.ha.zookeeper.tls", true);
            values.put("hacp.security.tls.enabled", true);
            values.put("hacp.security.tls.certificate-file", pem.certificate().toString());
            values.put("hacp.security.tls.key-file", pem.key().toString());
            values.put("hacp.security.tls.ca-file", pem.ca().toString());
        }
        return HaConfig.from(ConfigReader.of(ConfigFactory.parseMap(values)));
    }

    @Test
    void aMemberConnectsOverTlsAndUsesTheServices() throws Exception {
        ZooKeeperHaServices services =
                closer.track(ZooKeeperHaServices.start(config(ca.issue("jm-1")), "jm-1", e -> {}));
        assertThat(services.participants()).isPresent();
    }

    @Test
    void aPlainClientCannotConnect() {
        assertThatThrownBy(() -> closer.track(ZooKeeperHaServices.start(config(null), "outsider", e -> {})))
                .isInstanceOf(HaServicesException.class);
    }

    @Test
    void aClientWithAnotherCasCertificateCannotConnect() throws Exception {
        ClusterCa other = ClusterCa.openOrCreate(dir.resolve("other"), "other");
        TlsMaterialSource.Pem intruder =
                (TlsMaterialSource.Pem) other.issue("intruder").material();
        // It trusts the cluster's CA too (no secret), so only the server's demand for a client
        // certificate of the cluster's CA stops it.
        Path bundle = dir.resolve("both.crt");
        Files.writeString(bundle, Files.readString(ca.caFile()) + Files.readString(other.caFile()));
        TlsConfig tls = TlsConfig.pem(intruder.certificate(), intruder.key(), bundle);
        assertThatThrownBy(() -> closer.track(ZooKeeperHaServices.start(config(tls), "intruder", e -> {})))
                .isInstanceOf(HaServicesException.class);
    }

    @Test
    void tlsForZooKeeperNeedsTheProcessCertificate() {
        assertThatThrownBy(() -> HaConfig.from(ConfigReader.parse("hacp.ha.zookeeper.tls = true")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("hacp.ha.zookeeper.tls = true uses the certificate of hacp.security.tls");
    }
}
