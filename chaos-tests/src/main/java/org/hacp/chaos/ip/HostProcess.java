package org.hacp.chaos.ip;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.hacp.chaos.cluster.ChaosTarget;
import org.hacp.cluster.hosts.NamespaceHost;

/**
 * The server process of one namespace host, found through its PID file (namespaces share the
 * machine's process table, so it is signalled from here). Read by the harness and nemesis threads.
 */
public final class HostProcess implements ChaosTarget.Member {
    private final NamespaceHost host;
    private final Path runDir;
    private volatile long pid;
    private volatile boolean paused;

    HostProcess(NamespaceHost host, Path runDir) throws IOException {
        this.host = host;
        this.runDir = runDir;
        refreshPid();
    }

    /** Reads the PID file again (after a restart). */
    void refreshPid() throws IOException {
        pid = Long.parseLong(Files.readString(host.pidFile(runDir)).trim());
    }

    public NamespaceHost host() {
        return host;
    }

    long pid() {
        return pid;
    }

    void paused(boolean paused) {
        this.paused = paused;
    }

    @Override
    public String id() {
        return host.processId();
    }

    @Override
    public boolean alive() {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    @Override
    public boolean paused() {
        return paused;
    }

    /** Its endpoints carry its host's address. */
    @Override
    public boolean serves(String address) {
        return address.contains("@" + host.address() + ":");
    }

    @Override
    public String toString() {
        return host.name() + "/" + id();
    }
}
