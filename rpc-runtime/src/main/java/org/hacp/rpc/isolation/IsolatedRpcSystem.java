package org.hacp.rpc.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.RpcSystem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link RpcSystem} whose classes live in a class loader of their own (issue 18). Closing it
 * closes the system, then the class loader, then deletes the jar extracted for it; the services it
 * made must be closed first, since their classes can no longer load afterwards.
 */
final class IsolatedRpcSystem implements RpcSystem {
    private static final Logger LOG = LoggerFactory.getLogger(IsolatedRpcSystem.class);

    private final RpcSystem inner;
    private final SubmoduleClassLoader loader;
    private final Path extractedJar;
    private final AtomicBoolean closed = new AtomicBoolean();

    IsolatedRpcSystem(RpcSystem inner, SubmoduleClassLoader loader, Path extractedJar) {
        this.inner = inner;
        this.loader = loader;
        this.extractedJar = extractedJar;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public RpcService remoteService(RpcConfig config) {
        return inner.remoteService(config);
    }

    @Override
    public RpcService localService(RpcConfig config) {
        return inner.localService(config);
    }

    /** The loader the system's classes come from. */
    ClassLoader classLoader() {
        return loader;
    }

    Path extractedJar() {
        return extractedJar;
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            inner.close();
        } finally {
            release(loader, extractedJar);
        }
    }

    /** Closes {@code loader} and deletes {@code jar}; a failure is logged, since nothing else can be done. */
    static void release(SubmoduleClassLoader loader, Path jar) {
        try {
            loader.close();
        } catch (IOException e) {
            LOG.warn("Could not close the class loader of {}: {}", jar, e.toString());
        }
        try {
            Files.deleteIfExists(jar);
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", jar, e.toString());
        }
    }
}
