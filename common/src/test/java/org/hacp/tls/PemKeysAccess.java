package org.hacp.tls;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;

/** Test access to the PEM key reader. */
final class PemKeysAccess {
    private PemKeysAccess() {}

    static PrivateKey key(Path file) throws Exception {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            return PemKeys.privateKey((PrivateKeyInfo) parser.readObject(), file.toString());
        }
    }
}
