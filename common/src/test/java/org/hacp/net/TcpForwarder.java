package org.hacp.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.hacp.threads.DaemonThreads;

/**
 * A loopback TCP forwarder for tests: stands in for a proxy or NAT between an advertised and a
 * bind address, and can cut the link (drop every connection, refuse new ones) and heal it again,
 * to partition one client from a server while others stay connected.
 */
public final class TcpForwarder implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final ExecutorService pumps = DaemonThreads.cached("tcp-forwarder");
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile boolean cut;
    /** While set, pumps hold what they read (nothing is lost): a link that silently stops, as a partition does. */
    private boolean blackholed;

    private final Object flow = new Object();
    public final AtomicInteger connections = new AtomicInteger();

    public TcpForwarder(int listenPort, int targetPort) throws IOException {
        this.targetPort = targetPort;
        server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), listenPort));
        pumps.execute(this::acceptLoop);
    }

    /** A forwarder on a free port. */
    public TcpForwarder(int targetPort) throws IOException {
        this(0, targetPort);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket in = server.accept();
                if (cut) {
                    in.close();
                    continue;
                }
                Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                // Without this, Nagle meets delayed ACKs and every small request stalls ~40 ms.
                in.setTcpNoDelay(true);
                out.setTcpNoDelay(true);
                open.add(in);
                open.add(out);
                connections.incrementAndGet();
                pumps.execute(() -> pump(in, out));
                pumps.execute(() -> pump(out, in));
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Drops every connection through this forwarder and refuses new ones until {@link #heal()}. */
    public void cut() {
        cut = true;
        for (Socket s : open) {
            closeQuietly(s);
        }
        open.clear();
    }

    /**
     * Stops every byte in both directions without closing anything, as a partition does (the peers
     * see silence, not a reset); what was held is delivered in order on {@link #heal()}.
     */
    public void blackhole() {
        synchronized (flow) {
            blackholed = true;
        }
    }

    /** Forwards new connections again and releases what a blackhole held. */
    public void heal() {
        cut = false;
        synchronized (flow) {
            blackholed = false;
            flow.notifyAll();
        }
    }

    private void awaitFlow() throws InterruptedException {
        synchronized (flow) {
            while (blackholed) {
                flow.wait();
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buf = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) >= 0) {
                awaitFlow();
                out.write(buf, 0, n);
            }
        } catch (IOException ignored) {
            // either side closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // closed
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        heal();
        cut();
        server.close();
        pumps.shutdownNow();
    }
}
