package org.hacp.leader.zookeeper.takeover;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

/**
 * One TCP connection attempt to a process's RPC port, and what it says about the process (issue
 * 16). A live process accepts and then waits for its peer to speak (a Pekko port held a silent
 * connection open for 40 s, logging nothing). A process that is gone while its host is up is told
 * by its kernel: the port refuses, or a proxy in front of it accepts and at once resets. Silence
 * (no answer within the connect timeout) says nothing: the host may be down or cut off.
 */
final class PortProbe {
    /** What one attempt said. */
    enum Answer {
        /** Accepted and held open: the process is there. */
        ALIVE,
        /** Refused, or accepted and closed at once without a byte: nothing is listening behind it. */
        GONE,
        /** No answer (timeout, unreachable): cannot tell. */
        SILENT
    }

    /**
     * The outcome of one attempt.
     *
     * @param socket the open connection when {@code ALIVE} (the caller owns and closes it), else null
     * @param detail what was seen, for the log
     */
    record Attempt(Answer answer, Socket socket, String detail) {}

    private final Duration connectTimeout;
    private final Duration settle;

    /**
     * @param connectTimeout how long a connect may take before the port counts as silent
     * @param settle how long an accepted connection must stay open to count as alive
     */
    PortProbe(Duration connectTimeout, Duration settle) {
        this.connectTimeout = connectTimeout;
        this.settle = settle;
    }

    /** Connects to {@code address}; blocks at most the connect timeout plus the settle time. */
    Attempt attempt(InetSocketAddress address) {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) connectTimeout.toMillis());
        } catch (SocketException e) {
            // Refused, or (through a proxy whose target is gone) reset while the connect completes:
            // seen as "Connection reset by peer" from connect() in the chaos cluster.
            closeQuietly(socket);
            String message = String.valueOf(e.getMessage());
            if (e instanceof ConnectException && message.contains("refused")) {
                return new Attempt(Answer.GONE, null, "refused");
            }
            return message.contains("reset")
                    ? new Attempt(Answer.GONE, null, "reset while connecting")
                    : new Attempt(Answer.SILENT, null, e.toString());
        } catch (IOException e) {
            closeQuietly(socket);
            return new Attempt(Answer.SILENT, null, e.toString());
        }
        try {
            socket.setSoTimeout((int) settle.toMillis());
            InputStream in = socket.getInputStream();
            if (in.read() < 0) {
                closeQuietly(socket);
                return new Attempt(Answer.GONE, null, "accepted, then closed at once");
            }
            return new Attempt(Answer.ALIVE, socket, "accepted and spoke");
        } catch (SocketTimeoutException stillOpen) {
            return new Attempt(Answer.ALIVE, socket, "accepted and held open");
        } catch (SocketException reset) {
            closeQuietly(socket);
            return new Attempt(Answer.GONE, null, "accepted, then reset at once");
        } catch (IOException e) {
            closeQuietly(socket);
            return new Attempt(Answer.SILENT, null, e.toString());
        }
    }

    static void closeQuietly(Socket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing is all we wanted
        }
    }
}
