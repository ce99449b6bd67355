package org.hacp.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.hacp.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The current TLS material of a process, reloaded when its files change: certificates rotate
 * without a restart (Flink's FLIP-523 asks for this and is still open). New connections use the
 * new material; established ones keep theirs until they close, so a rotation fails no call.
 *
 * <p>The files are looked at no more often than {@link TlsConfig#reloadInterval()}, on the thread
 * that asks for the material (a connection being set up). A change is recognised by modification
 * time, size or file identity (an atomic rename or a symlink swap, as secret managers do). New
 * material that does not load — a half-written file, a key that does not match — is refused with
 * one WARN naming why, and the old material stays in use until the files change again.
 *
 * <p>Thread-safe: readers see the latest loaded material without locking; reloads are serialized.
 */
public final class RotatingTlsMaterial {
    private static final Logger LOG = LoggerFactory.getLogger(RotatingTlsMaterial.class);

    private final TlsConfig config;
    private final long intervalNanos;
    private final Object reloadLock = new Object();
    private volatile TlsMaterial current;
    private volatile List<FileStamp> stamps;
    private volatile long nextCheckNanos;

    private record FileStamp(Path file, FileTime modified, long size, Object identity) {}

    /** Loads the material now; a {@link ConfigException} names what is wrong with it. */
    public RotatingTlsMaterial(TlsConfig config) {
        if (!config.enabled()) {
            throw new IllegalArgumentException("TLS is disabled");
        }
        this.config = config;
        this.intervalNanos = config.reloadInterval().toNanos();
        this.stamps = stamps();
        this.current = TlsMaterial.load(config.material());
        this.nextCheckNanos = System.nanoTime() + intervalNanos;
    }

    public TlsConfig config() {
        return config;
    }

    /**
     * One SSL context that always uses the current material, for servers that take a context once
     * (the JDK's HTTPS server). Connections through {@link #current()} are preferred where possible:
     * they take all material of one load.
     */
    public SSLContext rotatingContext() {
        return RotatingManagers.context(this);
    }

    /** The material to use for a new connection: reloaded first if the files changed. */
    public TlsMaterial current() {
        if (System.nanoTime() - nextCheckNanos >= 0) {
            reloadIfChanged();
        }
        return current;
    }

    private void reloadIfChanged() {
        synchronized (reloadLock) {
            long now = System.nanoTime();
            if (now - nextCheckNanos < 0) {
                return;
            }
            nextCheckNanos = now + intervalNanos;
            List<FileStamp> seen = stamps();
            if (seen.equals(stamps)) {
                return;
            }
            stamps = seen;
            try {
                TlsMaterial loaded = TlsMaterial.load(config.material());
                current = loaded;
                LOG.info(
                        "TLS material reloaded from {}: certificate serial {} ({}), valid until {}",
                        config.material(),
                        loaded.certificate().getSerialNumber().toString(16),
                        loaded.certificate().getSubjectX500Principal().getName(),
                        loaded.certificate().getNotAfter().toInstant());
            } catch (ConfigException e) {
                LOG.warn("TLS material changed but does not load; still using the previous one: {}", e.getMessage());
            }
        }
    }

    private List<FileStamp> stamps() {
        List<FileStamp> result = new ArrayList<>();
        for (Path file : config.material().files()) {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                result.add(new FileStamp(
                        file, a.lastModifiedTime(), a.size(), Objects.requireNonNullElse(a.fileKey(), "")));
            } catch (IOException e) {
                result.add(new FileStamp(file, null, -1, "missing"));
            }
        }
        return List.copyOf(result);
    }
}
