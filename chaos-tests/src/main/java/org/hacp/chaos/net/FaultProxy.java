package org.hacp.chaos.net;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.hacp.threads.DaemonThreads;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP fault proxy on one link (a node to a ZooKeeper server, or an RPC peer): it forwards a
 * local port to a target and can, per direction and while connections are open, blackhole
 * traffic (accept and never forward while it lasts), add latency with jitter, limit bandwidth,
 * reset every connection, refuse (reset every connection, new ones too), and heal. Bytes are never reordered and never silently lost: a
 * blackhole holds them, and a heal delivers them in order — as TCP's retransmissions would after
 * a real partition heals; dropping bytes mid-stream would corrupt the stream instead. To lose
 * data, {@link #reset()} the connections.
 *
 * <p>Upstream is client to target, downstream target to client. Loopback only.
 */
public final class FaultProxy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FaultProxy.class);

    /** A direction of the link. */
    public enum Direction {
        /** From the connecting client to the target. */
        UPSTREAM,
        /** From the target back to the client. */
        DOWNSTREAM
    }

    /**
     * The faults applied to one direction.
     *
     * @param blackhole forward nothing while set (the sender's writes still succeed; bytes are held)
     * @param latency added to every chunk
     * @param jitter up to this much more, at random (order is kept)
     * @param bytesPerSecond bandwidth limit, 0 for none
     */
    public record Faults(boolean blackhole, Duration latency, Duration jitter, long bytesPerSecond) {
        public static final Faults NONE = new Faults(false, Duration.ZERO, Duration.ZERO, 0);
    }

    private final String name;
    private final ServerSocket server;
    private final int targetPort;
    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private volatile Faults upstream = Faults.NONE;
    private volatile Faults downstream = Faults.NONE;
    /** While set, every connection is reset at once, as a port with no process behind it answers. */
    private volatile boolean refusing;

    private volatile boolean closed;

    /** Listens on a free loopback port and forwards to {@code targetPort} on loopback. */
    public FaultProxy(String name, int targetPort) throws IOException {
        this.name = name;
        this.targetPort = targetPort;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        DaemonThreads.start("fault-proxy-" + name, this::accept);
    }

    /** The port clients connect to instead of the target's. */
    public int port() {
        return server.getLocalPort();
    }

    public String name() {
        return name;
    }

    /** The faults of {@code direction} now. */
    public Faults faults(Direction direction) {
        return direction == Direction.UPSTREAM ? upstream : downstream;
    }

    /** Replaces the faults of one direction. */
    public void set(Direction direction, Faults faults) {
        if (direction == Direction.UPSTREAM) {
            upstream = faults;
        } else {
            downstream = faults;
        }
        LOG.info("Fault proxy '{}' {}: {}", name, direction, faults);
    }

    /** Both directions: accept, never forward. */
    public void blackhole() {
        blackhole(Direction.UPSTREAM);
        blackhole(Direction.DOWNSTREAM);
    }

    /** One direction only: a one-way cut. */
    public void blackhole(Direction direction) {
        Faults f = faults(direction);
        set(direction, new Faults(true, f.latency(), f.jitter(), f.bytesPerSecond()));
    }

    /** Both directions: every chunk waits {@code latency} plus up to {@code jitter}. */
    public void latency(Duration latency, Duration jitter) {
        for (Direction d : Direction.values()) {
            Faults f = faults(d);
            set(d, new Faults(f.blackhole(), latency, jitter, f.bytesPerSecond()));
        }
    }

    /** Both directions: at most {@code bytesPerSecond}. */
    public void bandwidth(long bytesPerSecond) {
        for (Direction d : Direction.values()) {
            Faults f = faults(d);
            set(d, new Faults(f.blackhole(), f.latency(), f.jitter(), bytesPerSecond));
        }
    }

    /** Resets (RST) every open connection; new ones are accepted under the current faults. */
    public void reset() {
        LOG.info("Fault proxy '{}': resetting {} connection(s)", name, connections.size());
        for (Connection c : connections) {
            c.reset();
        }
    }

    /**
     * Answers like a port whose process is gone (issue 16's false suspicion): resets every open
     * connection and every new one at once, until healed. The target itself is untouched.
     */
    public void refuse() {
        refusing = true;
        LOG.info("Fault proxy '{}': refusing (every connection reset at once)", name);
        reset();
    }

    /** Removes every fault. */
    public void heal() {
        refusing = false;
        upstream = Faults.NONE;
        downstream = Faults.NONE;
        LOG.info("Fault proxy '{}' healed", name);
    }

    public int openConnections() {
        return connections.size();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                if (refusing) {
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                Socket target;
                try {
                    target = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                } catch (IOException refused) {
                    // The target is down: the client must see what a refused connection looks like (an RST), or it
                    // would keep writing into a socket nobody reads (a restarted node's peers hung on it for 20 s).
                    client.setSoLinger(true, 0);
                    client.close();
                    continue;
                }
                client.setTcpNoDelay(true);
                target.setTcpNoDelay(true);
                Connection c = new Connection(client, target);
                connections.add(c);
                c.start();
            } catch (IOException e) {
                if (!closed) {
                    LOG.debug("Fault proxy '{}': accept/connect failed: {}", name, e.toString());
                }
            }
        }
    }

    /** One proxied connection: a reader and an ordered writer per direction. */
    private final class Connection {
        private final Socket client;
        private final Socket target;

        Connection(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        void start() {
            relay(client, target, Direction.UPSTREAM);
            relay(target, client, Direction.DOWNSTREAM);
        }

        private void relay(Socket from, Socket to, Direction direction) {
            BlockingQueue<Chunk> queue = new LinkedBlockingQueue<>();
            DaemonThreads.start("fault-proxy-" + name + "-" + direction + "-read", () -> read(from, queue, direction));
            DaemonThreads.start("fault-proxy-" + name + "-" + direction + "-write", () -> write(to, queue, direction));
        }

        private void read(Socket from, BlockingQueue<Chunk> queue, Direction direction) {
            byte[] buf = new byte[16 * 1024];
            long lastDue = 0;
            try (InputStream in = from.getInputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    Faults f = faults(direction);
                    long delay = f.latency().toNanos();
                    if (!f.jitter().isZero()) {
                        delay += ThreadLocalRandom.current().nextLong(f.jitter().toNanos() + 1);
                    }
                    lastDue = Math.max(lastDue, System.nanoTime() + delay); // keep order under jitter
                    queue.add(new Chunk(Arrays.copyOf(buf, n), lastDue));
                }
            } catch (IOException ignored) {
                // closed or reset
            } finally {
                queue.add(Chunk.END);
            }
        }

        private void write(Socket to, BlockingQueue<Chunk> queue, Direction direction) {
            try (OutputStream out = to.getOutputStream()) {
                while (true) {
                    Chunk chunk = queue.take();
                    if (chunk == Chunk.END) {
                        break;
                    }
                    long wait = chunk.due() - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait); // the injected latency itself
                    }
                    while (faults(direction).blackhole() && !to.isClosed()) {
                        LockSupport.parkNanos(5_000_000); // held until healed, like unacknowledged segments
                    }
                    Faults f = faults(direction);
                    if (f.bytesPerSecond() > 0) {
                        LockSupport.parkNanos(
                                chunk.bytes().length * 1_000_000_000L / f.bytesPerSecond()); // the bandwidth limit
                    }
                    out.write(chunk.bytes());
                    out.flush();
                }
            } catch (IOException | InterruptedException ignored) {
                // closed or reset
            } finally {
                close();
            }
        }

        void reset() {
            for (Socket s : new Socket[] {client, target}) {
                try {
                    s.setSoLinger(true, 0); // close with RST, not FIN
                    s.close();
                } catch (IOException ignored) {
                    // already closed
                }
            }
            connections.remove(this);
        }

        void close() {
            try {
                client.close();
                target.close();
            } catch (IOException ignored) {
                // already closed
            }
            connections.remove(this);
        }
    }

    /** Bytes due to be written at {@code due} (System.nanoTime). */
    private record Chunk(byte[] bytes, long due) {
        static final Chunk END = new Chunk(new byte[0], 0);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        reset();
    }
}
