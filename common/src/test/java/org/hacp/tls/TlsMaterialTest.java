package org.hacp.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.time.Instant;
import org.hacp.config.ConfigException;
import org.hacp.config.ConfigReader;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad TLS settings and files fail at start, naming the key or file; good ones load in either format. */
class TlsMaterialTest {
    @TempDir
    Path dir;

    private ClusterCa ca;
    private TlsMaterialSource.Pem member;

    @BeforeEach
    void setUp() {
        ca = ClusterCa.openOrCreate(dir.resolve("ca"), "test");
        member = (TlsMaterialSource.Pem) ca.issue("jm-1").material();
    }

    private static TlsConfig read(String hocon) {
        return TlsConfig.from(ConfigReader.parse(hocon));
    }

    @Test
    void pemMaterialLoadsAndNamesItsCertificate() {
        TlsMaterial material = TlsMaterial.load(member);
        assertThat(material.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=jm-1,O=hacp");
    }

    /** Issue 33: a member whose clock runs hours behind the CA's machine still starts with its certificate. */
    @Test
    void aCertificateIsValidFromADayBeforeItsIssue() {
        TlsMaterial material = TlsMaterial.load(member);
        Instant issued = Instant.now();
        assertThat(material.certificate().getNotBefore().toInstant())
                .isBefore(issued.minus(ClusterCa.BACKDATE).plus(Duration.ofMinutes(1)))
                .isAfter(issued.minus(ClusterCa.BACKDATE).minus(Duration.ofMinutes(1)));
    }

    @Test
    void enabledWithoutFilesOrWithBothKindsIsRefusedNamingTheKeys() {
        assertThatThrownBy(() -> read("hacp.security.tls.enabled = true"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("hacp.security.tls.enabled = true needs certificate-file, key-file and ca-file");
        assertThatThrownBy(() -> read("hacp.security.tls { enabled = true, certificate-file = a, key-store = b }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("are alternatives");
        assertThatThrownBy(() -> read("hacp.security.tls { enabled = true, certificate-file = a, ca-file = c }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("hacp.security.tls.key-file must be set");
        assertThatThrownBy(() -> read("hacp.security.tls { peer-subject = \"CN=(\" }"))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("peer-subject is not a regular expression");
    }

    @Test
    void aMissingOrGarbledFileIsNamed() throws Exception {
        Path missing = dir.resolve("nope.crt");
        assertThatThrownBy(() -> TlsMaterial.load(new TlsMaterialSource.Pem(missing, member.key(), member.ca())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("hacp.security.tls.certificate-file = '" + missing + "': cannot read it");
        Path garbled = Files.writeString(dir.resolve("garbled.key"), "-----BEGIN PRIVATE KEY-----\nAAAA\n");
        assertThatThrownBy(
                        () -> TlsMaterial.load(new TlsMaterialSource.Pem(member.certificate(), garbled, member.ca())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("hacp.security.tls.key-file = '" + garbled + "'");
    }

    @Test
    void aKeyOfAnotherCertificateIsRefused() {
        TlsMaterialSource.Pem other = (TlsMaterialSource.Pem) ca.issue("jm-2").material();
        assertThatThrownBy(() ->
                        TlsMaterial.load(new TlsMaterialSource.Pem(member.certificate(), other.key(), member.ca())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("the private key does not belong to the certificate in " + member.certificate());
    }

    @Test
    void aCertificateFromAnotherCaIsRefusedBeforeAnyPeerWould() {
        ClusterCa other = ClusterCa.openOrCreate(dir.resolve("other"), "other");
        assertThatThrownBy(() ->
                        TlsMaterial.load(new TlsMaterialSource.Pem(member.certificate(), member.key(), other.caFile())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("is not issued by any trusted CA");
    }

    @Test
    void pkcs12StoresLoadAndAWrongPasswordIsNamedButNotPrinted() throws Exception {
        TlsMaterial pem = TlsMaterial.load(member);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        KeyStore own = KeyStore.getInstance("PKCS12");
        own.load(null, null);
        // Re-pack the PEM material through the JDK: the same key and chain, in a password-protected store.
        var key = PemKeysAccess.key(member.key());
        keys.setKeyEntry("jm-1", key, "k3y-pass".toCharArray(), new Certificate[] {pem.certificate()});
        own.setCertificateEntry(
                "ca",
                java.security.cert.CertificateFactory.getInstance("X.509")
                        .generateCertificate(Files.newInputStream(member.ca())));
        Path keyStore = dir.resolve("jm-1.p12");
        Path trustStore = dir.resolve("trust.p12");
        try (OutputStream out = Files.newOutputStream(keyStore)) {
            keys.store(out, "k3y-pass".toCharArray());
        }
        try (OutputStream out = Files.newOutputStream(trustStore)) {
            own.store(out, "tru5t-pass".toCharArray());
        }
        TlsConfig config = read("hacp.security.tls { enabled = true, key-store = \"" + keyStore
                + "\", key-store-password = k3y-pass, trust-store = \"" + trustStore
                + "\", trust-store-password = tru5t-pass }");
        assertThat(TlsMaterial.load(config.material()).certificate()).isEqualTo(pem.certificate());
        assertThat(config.toString()).doesNotContain("k3y-pass").doesNotContain("tru5t-pass");

        TlsConfig wrong = read("hacp.security.tls { enabled = true, key-store = \"" + keyStore
                + "\", key-store-password = guess, trust-store = \"" + trustStore
                + "\", trust-store-password = tru5t-pass }");
        assertThatThrownBy(() -> TlsMaterial.load(wrong.material()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("hacp.security.tls.key-store = '" + keyStore + "'")
                .hasMessageNotContaining("guess");
    }
}
