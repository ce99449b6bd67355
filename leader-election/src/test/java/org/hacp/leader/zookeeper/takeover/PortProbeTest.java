package org.hacp.leader.zookeeper.takeover;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hacp.leader.zookeeper.takeover.PortProbe.Answer;
import org.hacp.leader.zookeeper.takeover.PortProbe.Attempt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What one probe makes of each kind of port (issue 29 item 4): fast takeover ends a leader's
 * session only on {@link Answer#GONE}, so a port that is silent or alive must never read as gone,
 * and a refusing or resetting one must. Every port is on loopback and opened by the test.
 */
class PortProbeTest {
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(300);
    private static final Duration SETTLE = Duration.ofMillis(200);

    private final PortProbe probe = new PortProbe(CONNECT_TIMEOUT, SETTLE);
    private final ExecutorService acceptor = Executors.newSingleThreadExecutor();
    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeEverything() throws Exception {
        acceptor.shutdownNow();
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    @Test
    void aRefusingPortIsGone() throws Exception {
        InetSocketAddress address;
        try (ServerSocket closed = listen(50)) {
            address = (InetSocketAddress) closed.getLocalSocketAddress();
        }

        Attempt attempt = probe.attempt(address);

        assertThat(attempt.answer()).as(attempt.detail()).isEqualTo(Answer.GONE);
        assertThat(attempt.detail()).isEqualTo("refused");
        assertThat(attempt.socket()).isNull();
    }

    @Test
    void aPortThatAcceptsAndResetsAtOnceIsGone() throws Exception {
        // What a fault proxy does when the process behind it is gone.
        ServerSocket server = listen(50);
        acceptor.submit(() -> {
            Socket accepted = server.accept();
            accepted.setSoLinger(true, 0);
            accepted.close();
            return null;
        });

        Attempt attempt = probe.attempt((InetSocketAddress) server.getLocalSocketAddress());

        assertThat(attempt.answer()).as(attempt.detail()).isEqualTo(Answer.GONE);
        assertThat(attempt.detail()).contains("reset");
        assertThat(attempt.socket()).isNull();
    }

    @Test
    void aPortThatAcceptsAndClosesWithoutAByteIsGone() throws Exception {
        ServerSocket server = listen(50);
        acceptor.submit(() -> {
            server.accept().close();
            return null;
        });

        Attempt attempt = probe.attempt((InetSocketAddress) server.getLocalSocketAddress());

        assertThat(attempt.answer()).as(attempt.detail()).isEqualTo(Answer.GONE);
        assertThat(attempt.detail()).isEqualTo("accepted, then closed at once");
    }

    @Test
    void aPortThatAcceptsAndHoldsTheConnectionIsAliveAndTheCallerGetsTheSocket() throws Exception {
        // A Pekko port: it accepts and waits for the peer to speak.
        ServerSocket server = listen(50);
        acceptor.submit(() -> {
            opened.add(server.accept());
            return null;
        });

        Attempt attempt = probe.attempt((InetSocketAddress) server.getLocalSocketAddress());

        assertThat(attempt.answer()).as(attempt.detail()).isEqualTo(Answer.ALIVE);
        assertThat(attempt.detail()).isEqualTo("accepted and held open");
        assertThat(attempt.socket()).isNotNull();
        assertThat(attempt.socket().isClosed()).isFalse();
        opened.add(attempt.socket());
    }

    @Test
    void aPortThatDoesNotAnswerTheConnectIsSilentNotGone() throws Exception {
        // A listener that never accepts, its accept queue full: the kernel drops further SYNs, as a
        // host cut off by a partition would; the connect times out. Silence must never count as
        // gone (a partitioned leader is alive).
        ServerSocket server = listen(1);
        InetSocketAddress address = (InetSocketAddress) server.getLocalSocketAddress();
        fillAcceptQueue(address);

        Attempt attempt = probe.attempt(address);

        assertThat(attempt.answer()).as(attempt.detail()).isEqualTo(Answer.SILENT);
        assertThat(attempt.socket()).isNull();
    }

    private ServerSocket listen(int backlog) throws IOException {
        ServerSocket server = new ServerSocket(0, backlog, InetAddress.getLoopbackAddress());
        opened.add(server);
        return server;
    }

    /** Connects until a connect times out: the listener's accept queue is then full. */
    private void fillAcceptQueue(InetSocketAddress address) throws IOException {
        for (int i = 0; i < 16; i++) {
            Socket filler = new Socket();
            opened.add(filler);
            try {
                filler.connect(address, (int) CONNECT_TIMEOUT.toMillis());
            } catch (IOException full) {
                return;
            }
        }
        throw new IllegalStateException("the accept queue of " + address + " never filled");
    }
}
