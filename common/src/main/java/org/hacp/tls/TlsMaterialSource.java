package org.hacp.tls;

import java.nio.file.Path;
import java.util.List;

/** Where a process's key, certificate chain and trusted CAs are read from; toString never prints a password. */
public sealed interface TlsMaterialSource {

    /** The files whose change means the material was rotated. */
    List<Path> files();

    /** PEM files: certificate (chain), private key (PKCS#8, PKCS#1 or SEC1, unencrypted), CA bundle. */
    record Pem(Path certificate, Path key, Path ca) implements TlsMaterialSource {
        @Override
        public List<Path> files() {
            return List.of(certificate, key, ca);
        }
    }

    /** PKCS12 stores: one with the key and its chain, one with the trusted CAs. */
    record Pkcs12(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword)
            implements TlsMaterialSource {
        @Override
        public List<Path> files() {
            return List.of(keyStore, trustStore);
        }

        @Override
        public String toString() {
            return "Pkcs12[keyStore=" + keyStore + ", trustStore=" + trustStore + "]";
        }
    }
}
