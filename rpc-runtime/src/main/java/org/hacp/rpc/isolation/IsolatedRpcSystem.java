package org.hacp.rpc.isolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.RpcSystem;
import org.hacp.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An {@link RpcSystem} whose classes live in a class loader of their own (issue 18). Closing it
 * closes the system; the class loader is closed and the jar extracted for it deleted once every
 * service it made has terminated its transport ({@link RpcService#getTransportTerminationFuture()}),
 * at once if they all have. A transport still shutting down keeps them: Artery's shutdown can outlast
 * a service's close bound (issue 28), and a loader closed under it fails its last class loads with a
 * fatal error that exits the JVM.
 *
 * <p>Thread-safe: services may be made and terminate on any thread; the counts are guarded by this.
 */
final class IsolatedRpcSystem implements RpcSystem {
    private static final Logger LOG = LoggerFactory.getLogger(IsolatedRpcSystem.class);

    private final RpcSystem inner;
    private final SubmoduleClassLoader loader;
    private final Path extractedJar;
    private int liveServices;
    private boolean closed;
    /** Set by whichever of {@link #close} and the last termination releases; guarded by this. */
    private boolean releasing;
    /** Set once the loader is closed and the jar deleted. */
    private volatile boolean released;

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
        return tracked(inner.remoteService(config));
    }

    @Override
    public RpcService localService(RpcConfig config) {
        return tracked(inner.localService(config));
    }

    private RpcService tracked(RpcService service) {
        synchronized (this) {
            liveServices++;
        }
        // On a thread of our own: the future completes on one of Pekko's, inside the code whose
        // class loader this may close.
        service.getTransportTerminationFuture()
                .whenCompleteAsync(
                        (ok, failure) -> terminated(), task -> DaemonThreads.start("hacp-rpc-system-release", task));
        return service;
    }

    private void terminated() {
        synchronized (this) {
            liveServices--;
            if (!closed || liveServices > 0 || releasing) {
                return;
            }
            releasing = true;
        }
        releaseNow();
    }

    private void releaseNow() {
        release(loader, extractedJar);
        released = true;
    }

    /** The loader the system's classes come from. */
    ClassLoader classLoader() {
        return loader;
    }

    Path extractedJar() {
        return extractedJar;
    }

    /** Whether the class loader is closed and the jar deleted. */
    boolean released() {
        return released;
    }

    @Override
    public void close() {
        int waitingFor;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            waitingFor = liveServices;
            releasing = waitingFor == 0;
        }
        inner.close();
        if (waitingFor == 0) {
            releaseNow();
        } else {
            LOG.info(
                    "RPC system '{}' closed; its class loader goes once its {} running service(s) have terminated",
                    inner.name(),
                    waitingFor);
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
