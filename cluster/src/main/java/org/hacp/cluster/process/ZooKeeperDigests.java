package org.hacp.cluster.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/** The random ZooKeeper digest credential of a local cluster, kept in a file only its owner can read. */
public final class ZooKeeperDigests {
    public static final String FILE = "zookeeper.digest";

    private ZooKeeperDigests() {}

    /** {@code <dir>/zookeeper.digest}, created with a fresh random password if it is not there yet. */
    public static Path create(Path dir) {
        Path file = dir.resolve(FILE);
        try {
            Files.createDirectories(dir);
            if (!Files.exists(file)) {
                byte[] password = new byte[24];
                new SecureRandom().nextBytes(password);
                Files.createFile(
                        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(file, "hacp:" + HexFormat.of().formatHex(password) + "\n", StandardCharsets.US_ASCII);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the ZooKeeper digest in " + dir, e);
        }
    }
}
