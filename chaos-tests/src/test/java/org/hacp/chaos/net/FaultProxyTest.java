package org.hacp.chaos.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryNTimes;
import org.hacp.ha.zookeeper.EmbeddedZooKeeper;
import org.hacp.threads.DaemonThreads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultProxyTest {
    /** Greets every connection, then echoes; counts the bytes it received. */
    private static final class EchoServer implements AutoCloseable {
        final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final AtomicLong received = new AtomicLong();

        EchoServer() throws IOException {
            DaemonThreads.start("echo-server", () -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        DaemonThreads.start("echo-connection", () -> serve(s));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(Socket s) {
            try (s;
                    InputStream in = s.getInputStream();
                    OutputStream out = s.getOutputStream()) {
                out.write("hi\n".getBytes(StandardCharsets.UTF_8));
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    received.addAndGet(n);
                    out.write(buf, 0, n);
                }
            } catch (IOException ignored) {
                // client gone
            }
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    private EchoServer echo;
    private FaultProxy proxy;

    @BeforeEach
    void setUp() throws IOException {
        echo = new EchoServer();
        proxy = new FaultProxy("echo", echo.port());
    }

    @AfterEach
    void tearDown() throws IOException {
        proxy.close();
        echo.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()), 2000);
        s.setSoTimeout(2000);
        return s;
    }

    private static String readN(Socket s, int n) throws IOException {
        byte[] buf = s.getInputStream().readNBytes(n);
        return new String(buf, StandardCharsets.UTF_8);
    }

    private static void send(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
    }

    @Test
    void forwardsBothWays() throws Exception {
        try (Socket s = connect()) {
            assertThat(readN(s, 3)).isEqualTo("hi\n");
            send(s, "ping");
            assertThat(readN(s, 4)).isEqualTo("ping");
        }
    }

    @Test
    void aClientOfADownTargetIsRefusedAtOnce() throws Exception {
        int nothingThere;
        try (ServerSocket probe = new ServerSocket(0)) {
            nothingThere = probe.getLocalPort();
        }
        try (FaultProxy toNowhere = new FaultProxy("down", nothingThere);
                Socket s = new Socket(InetAddress.getLoopbackAddress(), toNowhere.port())) {
            s.setSoTimeout(5000);
            // Like a refused connection: closed (RST or EOF) at once, not left open for the client to write into.
            int read;
            try {
                read = s.getInputStream().read();
            } catch (SocketException reset) {
                read = -1;
            }
            assertThat(read).isEqualTo(-1);
        }
    }

    @Test
    void blackholeForwardsNothingUntilHealedThenDeliversInOrder() throws Exception {
        try (Socket s = connect()) {
            assertThat(readN(s, 3)).isEqualTo("hi\n");
            proxy.blackhole();
            send(s, "held");
            s.setSoTimeout(500);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat(echo.received.get()).isZero();

            proxy.heal();
            s.setSoTimeout(2000);
            send(s, "back");
            assertThat(readN(s, 8)).as("held bytes arrive first, none lost").isEqualTo("heldback");
            assertThat(echo.received.get()).isEqualTo(8);
        }
    }

    @Test
    void oneWayCutDropsOnlyItsDirection() throws Exception {
        proxy.blackhole(FaultProxy.Direction.UPSTREAM);
        try (Socket s = connect()) {
            assertThat(readN(s, 3)).as("downstream still flows").isEqualTo("hi\n");
            send(s, "never");
            s.setSoTimeout(500);
            assertThatThrownBy(() -> s.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
            assertThat(echo.received.get()).isZero();
        }
    }

    @Test
    void latencyDelaysEveryChunkWithoutReordering() throws Exception {
        try (Socket s = connect()) {
            assertThat(readN(s, 3)).isEqualTo("hi\n");
            proxy.latency(Duration.ofMillis(100), Duration.ofMillis(50));
            long t0 = System.nanoTime();
            StringBuilder sent = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                String part = String.format("%02d", i);
                sent.append(part);
                send(s, part);
            }
            assertThat(readN(s, 40)).isEqualTo(sent.toString());
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
        }
    }

    @Test
    void bandwidthLimitSlowsBulkTransfer() throws Exception {
        try (Socket s = connect()) {
            assertThat(readN(s, 3)).isEqualTo("hi\n");
            proxy.bandwidth(100_000);
            byte[] payload = new byte[100_000];
            long t0 = System.nanoTime();
            Thread writer = new Thread(() -> {
                try {
                    s.getOutputStream().write(payload);
                } catch (IOException ignored) {
                    // test fails on the read side
                }
            });
            writer.start();
            s.setSoTimeout(10_000);
            assertThat(s.getInputStream().readNBytes(payload.length)).hasSize(payload.length);
            // 100 KB up and 100 KB down at 100 KB/s each, pipelined: at least ~1 s.
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
            writer.join(5000);
        }
    }

    @Test
    void resetKillsOpenConnectionsAndNewOnesWork() throws Exception {
        Socket s = connect();
        assertThat(readN(s, 3)).isEqualTo("hi\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.openConnections() == 1);
        proxy.reset();
        assertThatThrownBy(() -> {
                    send(s, "x");
                    int r = s.getInputStream().read();
                    if (r == -1) {
                        throw new SocketException("EOF");
                    }
                })
                .isInstanceOf(IOException.class);
        s.close();
        try (Socket again = connect()) {
            assertThat(readN(again, 3)).isEqualTo("hi\n");
        }
    }

    @Test
    void zooKeeperClientThroughTheProxyIsSuspendedByABlackholeAndReconnectsOnHeal() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(null, 0, Duration.ofSeconds(4));
                FaultProxy link = new FaultProxy("zk", zk.port())) {
            CuratorFramework client = CuratorFrameworkFactory.builder()
                    .connectString("127.0.0.1:" + link.port())
                    .sessionTimeoutMs(4000)
                    .connectionTimeoutMs(1000)
                    .retryPolicy(new RetryNTimes(100, 100))
                    .ensembleTracker(false)
                    .build();
            List<ConnectionState> states = new CopyOnWriteArrayList<>();
            client.getConnectionStateListenable().addListener((c, state) -> states.add(state));
            client.start();
            try {
                assertThat(client.blockUntilConnected(10, TimeUnit.SECONDS)).isTrue();
                link.blackhole();
                await().atMost(Duration.ofSeconds(10)).until(() -> states.contains(ConnectionState.SUSPENDED));
                link.heal();
                await().atMost(Duration.ofSeconds(20)).until(() -> states.contains(ConnectionState.RECONNECTED));
                assertThat(client.getZookeeperClient().isConnected()).isTrue();
            } finally {
                client.close();
            }
        }
    }
}
