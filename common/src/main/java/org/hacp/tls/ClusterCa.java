package org.hacp.tls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A throwaway certificate authority for one local cluster: the demo, {@code scripts/cluster}, the
 * chaos cluster and the drills create one, issue a certificate per process, and run with mutual
 * TLS on. Keys are EC P-256; certificates name the member (CN and SAN) and 127.0.0.1/localhost.
 * Production clusters bring their own CA and point {@code hacp.security.tls.*} at its files.
 *
 * <p>Files: {@code ca.crt} and {@code ca.key} for the authority, {@code <member>.crt} and
 * {@code <member>.key} per member; keys are readable by the owner only. Not thread-safe.
 */
public final class ClusterCa {
    public static final String CA_CERTIFICATE = "ca.crt";
    private static final String CA_KEY = "ca.key";
    private static final Duration VALIDITY = Duration.ofDays(30);
    /**
     * How long before its issue a certificate is valid: a member whose wall clock runs up to this far
     * behind the issuing machine's still starts with its own certificate and accepts its peers'.
     * With 5 minutes, the clock-skew chaos scenario's TaskExecutor, restarted 10 minutes behind,
     * refused its own certificate and a JobManager an hour behind refused its peers' (issue 33).
     */
    static final Duration BACKDATE = Duration.ofDays(1);

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate caCertificate;

    private ClusterCa(Path dir, KeyPair caKeys, X509Certificate caCertificate) {
        this.dir = dir;
        this.caKeys = caKeys;
        this.caCertificate = caCertificate;
    }

    /** The CA in {@code dir}, created there if the directory holds none yet. */
    public static ClusterCa openOrCreate(Path dir, String clusterName) {
        try {
            Files.createDirectories(dir);
            if (Files.exists(dir.resolve(CA_CERTIFICATE)) && Files.exists(dir.resolve(CA_KEY))) {
                return open(dir);
            }
            KeyPair keys = newKeyPair();
            X500Name name = new X500Name("O=hacp,CN=hacp cluster CA " + clusterName);
            X509v3CertificateBuilder builder = builder(name, name, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            X509Certificate cert = sign(builder, keys.getPrivate());
            writePrivate(dir.resolve(CA_KEY), pem(keys.getPrivate()));
            writePublic(dir.resolve(CA_CERTIFICATE), pem(cert));
            return new ClusterCa(dir, keys, cert);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the cluster CA in " + dir, e);
        }
    }

    private static ClusterCa open(Path dir) throws IOException {
        try (Reader reader = Files.newBufferedReader(dir.resolve(CA_KEY), StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            PrivateKey key = PemKeys.privateKey(
                    (PrivateKeyInfo) parser.readObject(), dir.resolve(CA_KEY).toString());
            X509Certificate cert;
            try (var in = Files.newInputStream(dir.resolve(CA_CERTIFICATE))) {
                cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            return new ClusterCa(dir, new KeyPair(cert.getPublicKey(), key), cert);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException(
                    "cannot read the cluster CA in " + dir + ": " + e.getClass().getSimpleName(), e);
        }
    }

    /** The CA's certificate file: what every member trusts. */
    public Path caFile() {
        return dir.resolve(CA_CERTIFICATE);
    }

    /**
     * Issues (or re-issues, replacing the files atomically) the certificate and key of
     * {@code member} and returns the TLS settings that use them.
     */
    public TlsConfig issue(String member) {
        return issue(member, member);
    }

    /**
     * Issues the files of {@code member} for a certificate named {@code commonName} (CN and SAN):
     * a rotation to a new name shows which certificate a peer presents.
     */
    public TlsConfig issue(String member, String commonName) {
        for (String name : new String[] {member, commonName}) {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
                throw new IllegalArgumentException("name '" + name + "': letters, digits, '.', '-', '_'");
            }
        }
        try {
            KeyPair keys = newKeyPair();
            X509v3CertificateBuilder builder = builder(
                    X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()),
                    // Most significant first in DER, so the subject reads "CN=<name>,O=hacp" (RFC 2253, reversed).
                    new X500Name("O=hacp,CN=" + commonName),
                    keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
                KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth
            }));
            List<GeneralName> names = new ArrayList<>();
            names.add(new GeneralName(GeneralName.dNSName, commonName));
            names.add(new GeneralName(GeneralName.dNSName, "localhost"));
            names.add(new GeneralName(
                    GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress()));
            builder.addExtension(
                    Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
            X509Certificate cert = sign(builder, caKeys.getPrivate());
            Path key = dir.resolve(member + ".key");
            Path crt = dir.resolve(member + ".crt");
            // Key first: a reader that sees the new certificate must find its key already in place.
            writePrivate(key, pem(keys.getPrivate()));
            writePublic(crt, pem(cert));
            return TlsConfig.pem(crt, key, caFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot issue a certificate for " + member + " in " + dir, e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make EC P-256 keys", e);
        }
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(
                issuer,
                new BigInteger(64, RANDOM),
                Date.from(now.minus(BACKDATE)),
                Date.from(now.plus(VALIDITY)),
                subject,
                key);
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(key)));
        } catch (OperatorCreationException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a certificate", e);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            // Keys as PKCS#8 ("PRIVATE KEY"), the form every TLS stack reads.
            if (object instanceof PrivateKey k) {
                writer.writeObject(new PemObject("PRIVATE KEY", k.getEncoded()));
            } else {
                writer.writeObject(object);
            }
        }
        return out.toString();
    }

    private static void writePrivate(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's permissions are all there is
        }
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void writePublic(Path file, String text) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
