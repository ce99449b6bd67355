package org.hacp.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Map;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.hacp.config.ConfigException;

/**
 * Private keys parsed by BouncyCastle's PEM reader, made into JDK keys with the JDK's own key
 * factories: BouncyCastle's converter names EC keys "ECDSA", which only its own provider knows,
 * and registering that provider JVM-wide is more than reading a key needs.
 */
final class PemKeys {
    private static final Map<ASN1ObjectIdentifier, String> ALGORITHMS = Map.of(
            X9ObjectIdentifiers.id_ecPublicKey, "EC",
            PKCSObjectIdentifiers.rsaEncryption, "RSA",
            EdECObjectIdentifiers.id_Ed25519, "Ed25519");

    private PemKeys() {}

    static PrivateKey privateKey(PrivateKeyInfo info, String where) {
        ASN1ObjectIdentifier oid = info.getPrivateKeyAlgorithm().getAlgorithm();
        String algorithm = ALGORITHMS.get(oid);
        if (algorithm == null) {
            throw new ConfigException(where + ": key algorithm " + oid + " is not supported (use EC or RSA)");
        }
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(info.getEncoded()));
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(where + ": not a valid " + algorithm + " private key ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
