package org.hacp.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

/** Finding a port nobody listens on, for a process or test that must name its port before binding. */
public final class FreePorts {
    /** Below Linux's ephemeral range (32768+), where outgoing connections take their ports. */
    private static final int LOW = 20_000;

    private static final int HIGH = 32_000;
    private static final int ATTEMPTS = 200;
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final Random RANDOM = new Random();

    private FreePorts() {}

    /** A port the system has just handed out on {@code host} (from the ephemeral range). */
    public static int onHost(String host) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(host, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free port on " + host, e);
        }
    }

    /** A free loopback port from the ephemeral range. */
    public static int loopback() {
        return onHost(InetAddress.getLoopbackAddress().getHostAddress());
    }

    /**
     * A free loopback port below the ephemeral range, never handed out twice by this JVM: for a
     * child process that binds it later (a port from the ephemeral range can be taken by some
     * outgoing connection before the child binds it).
     */
    public static int loopbackBelowEphemeral() {
        return loopbackBlockBelowEphemeral(1);
    }

    /**
     * The first of {@code n} consecutive free loopback ports below the ephemeral range, none handed
     * out before by this JVM: for a test of port ranges (issue 18).
     */
    public static synchronized int loopbackBlockBelowEphemeral(int n) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int first = LOW + RANDOM.nextInt(HIGH - LOW - n);
            if (IntStream.range(first, first + n).anyMatch(HANDED_OUT::contains)
                    || !IntStream.range(first, first + n).allMatch(FreePorts::loopbackFree)) {
                continue;
            }
            IntStream.range(first, first + n).forEach(HANDED_OUT::add);
            return first;
        }
        throw new UncheckedIOException(new IOException(
                "no " + n + " free ports in a row in " + LOW + ".." + (HIGH - 1) + " after " + ATTEMPTS + " attempts"));
    }

    private static boolean loopbackFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException inUse) {
            return false; // someone else's
        }
    }
}
