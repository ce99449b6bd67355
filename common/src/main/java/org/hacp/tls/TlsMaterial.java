package org.hacp.tls;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.hacp.config.ConfigException;

/**
 * One loaded, checked set of TLS material: this process's key and certificate chain and the CAs
 * it trusts, as a ready {@link SSLContext}. Loading checks what a handshake would otherwise report
 * obscurely — the key belongs to the certificate, the certificate is in its validity period and
 * issued by one of the trusted CAs — and fails with a {@link ConfigException} naming the file.
 *
 * @param context the SSL context built from the material
 * @param certificate this process's own certificate (the first of its chain)
 * @param keyManager the key manager of {@code context}
 * @param trustManager the trust manager of {@code context}
 */
public record TlsMaterial(
        SSLContext context,
        X509Certificate certificate,
        X509ExtendedKeyManager keyManager,
        X509ExtendedTrustManager trustManager) {
    private static final char[] IN_MEMORY_PASSWORD = "in-memory".toCharArray();

    /** Loads and checks the material {@code source} names. */
    public static TlsMaterial load(TlsMaterialSource source) {
        if (source instanceof TlsMaterialSource.Pem pem) {
            return build(loadPem(pem));
        }
        return build(loadPkcs12((TlsMaterialSource.Pkcs12) source));
    }

    private record Loaded(String what, PrivateKey key, List<X509Certificate> chain, List<X509Certificate> cas) {}

    private static Loaded loadPem(TlsMaterialSource.Pem pem) {
        List<X509Certificate> chain = readCertificates(pem.certificate(), "certificate-file");
        List<X509Certificate> cas = readCertificates(pem.ca(), "ca-file");
        return new Loaded(pem.certificate().toString(), readKey(pem.key()), chain, cas);
    }

    private static Loaded loadPkcs12(TlsMaterialSource.Pkcs12 p12) {
        KeyStore keys = readStore(p12.keyStore(), p12.keyStorePassword(), "key-store");
        KeyStore trusted = readStore(p12.trustStore(), p12.trustStorePassword(), "trust-store");
        try {
            for (String alias : Collections.list(keys.aliases())) {
                if (keys.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey)
                            keys.getKey(alias, p12.keyStorePassword().toCharArray());
                    List<X509Certificate> chain = new ArrayList<>();
                    for (Certificate c : keys.getCertificateChain(alias)) {
                        chain.add((X509Certificate) c);
                    }
                    List<X509Certificate> cas = new ArrayList<>();
                    for (String t : Collections.list(trusted.aliases())) {
                        if (trusted.getCertificate(t) instanceof X509Certificate ca) {
                            cas.add(ca);
                        }
                    }
                    return new Loaded(p12.keyStore().toString(), key, chain, cas);
                }
            }
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new ConfigException("hacp.security.tls.key-store = '" + p12.keyStore() + "': cannot read its key ("
                    + e.getClass().getSimpleName() + ")");
        }
        throw new ConfigException("hacp.security.tls.key-store = '" + p12.keyStore() + "' holds no private key");
    }

    private static TlsMaterial build(Loaded m) {
        if (m.chain().isEmpty()) {
            throw new ConfigException("hacp.security.tls: no certificate in " + m.what());
        }
        if (m.cas().isEmpty()) {
            throw new ConfigException("hacp.security.tls: no trusted CA certificate (ca-file or trust-store)");
        }
        X509Certificate own = m.chain().get(0);
        checkKeyMatches(m.key(), own, m.what());
        checkValidNow(own, m.what());
        checkIssuedByOneOf(m.chain(), m.cas(), m.what());
        try {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(null, null);
            keyStore.setKeyEntry("hacp", m.key(), IN_MEMORY_PASSWORD, m.chain().toArray(new Certificate[0]));
            KeyStore trustStore = KeyStore.getInstance("PKCS12");
            trustStore.load(null, null);
            for (int i = 0; i < m.cas().size(); i++) {
                trustStore.setCertificateEntry("ca-" + i, m.cas().get(i));
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, IN_MEMORY_PASSWORD);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            X509ExtendedKeyManager keyManager = (X509ExtendedKeyManager) kmf.getKeyManagers()[0];
            X509ExtendedTrustManager trustManager = (X509ExtendedTrustManager) tmf.getTrustManagers()[0];
            context.init(new KeyManager[] {keyManager}, new TrustManager[] {trustManager}, new SecureRandom());
            return new TlsMaterial(context, own, keyManager, trustManager);
        } catch (GeneralSecurityException | IOException e) {
            throw new ConfigException("hacp.security.tls: cannot build a TLS context from " + m.what() + ": " + e, e);
        }
    }

    private static List<X509Certificate> readCertificates(Path file, String key) {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certs = new ArrayList<>();
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certs.add((X509Certificate) c);
            }
            if (certs.isEmpty()) {
                throw new ConfigException("hacp.security.tls." + key + " = '" + file + "' holds no certificate");
            }
            return certs;
        } catch (IOException e) {
            throw new ConfigException(
                    "hacp.security.tls." + key + " = '" + file + "': cannot read it ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        } catch (GeneralSecurityException e) {
            throw new ConfigException(
                    "hacp.security.tls." + key + " = '" + file + "' is not a PEM certificate: " + e.getMessage(), e);
        }
    }

    private static PrivateKey readKey(Path file) {
        String where = "hacp.security.tls.key-file = '" + file + "'";
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            if (object instanceof PrivateKeyInfo info) {
                return PemKeys.privateKey(info, where);
            }
            if (object instanceof PEMKeyPair pair) {
                return PemKeys.privateKey(pair.getPrivateKeyInfo(), where);
            }
            throw new ConfigException(where + " holds no unencrypted private key"
                    + (object == null ? "" : " (found " + object.getClass().getSimpleName() + ")"));
        } catch (IOException | RuntimeException e) {
            if (e instanceof ConfigException c) {
                throw c;
            }
            // The message of a key-parsing failure may quote key bytes: name the kind of failure only.
            throw new ConfigException(
                    where + ": cannot read a PEM private key (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static KeyStore readStore(Path file, String password, String key) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            return store;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(
                    "hacp.security.tls." + key + " = '" + file + "': cannot open it as PKCS12 with the given password ("
                            + e.getClass().getSimpleName() + ")");
        }
    }

    private static void checkKeyMatches(PrivateKey key, X509Certificate cert, String what) {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            throw new ConfigException(
                    "hacp.security.tls: key algorithm " + key.getAlgorithm() + " is not supported (use EC or RSA)");
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(cert.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException e) {
            // falls through: a key of another algorithm than the certificate's
        }
        throw new ConfigException("hacp.security.tls: the private key does not belong to the certificate in " + what);
    }

    private static void checkValidNow(X509Certificate cert, String what) {
        Date now = new Date();
        if (now.before(cert.getNotBefore()) || now.after(cert.getNotAfter())) {
            throw new ConfigException("hacp.security.tls: the certificate in " + what + " is valid only from "
                    + cert.getNotBefore().toInstant() + " to "
                    + cert.getNotAfter().toInstant() + ", and this machine's clock says " + now.toInstant());
        }
    }

    private static void checkIssuedByOneOf(List<X509Certificate> chain, List<X509Certificate> cas, String what) {
        X509Certificate top = chain.get(chain.size() - 1);
        for (X509Certificate ca : cas) {
            if (ca.equals(top)) {
                return;
            }
            try {
                top.verify(ca.getPublicKey());
                return;
            } catch (GeneralSecurityException e) {
                // not this CA
            }
        }
        throw new ConfigException("hacp.security.tls: the certificate in " + what
                + " is not issued by any trusted CA (ca-file or trust-store); peers would refuse it");
    }
}
