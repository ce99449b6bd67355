package org.hacp.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hacp.rpc.TestGateways.EchoEndpoint;
import org.hacp.rpc.TestGateways.EchoGateway;
import org.hacp.tls.ClusterCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Closes a mutual-TLS RPC service many times after a burst of calls to a peer that then went away
 * (killed with {@code kill -9} in a process of its own, or closed in this one) or stayed, and
 * reports the distribution of close times (issue 28: the demo's close once took over 30 s and its
 * JVM never exited). Every close must complete within the service's close bound plus the slack of
 * a loaded 2-core machine; the figures go to the report, the bound is what is asserted.
 */
class ServiceCloseIT {
    /**
     * 10 in {@code mvn verify} (~28 s: two kills, four closes, four live peers; 20 took 56 s of CI's
     * 30 minutes, issue 33's clock scenario needed the room); {@code -Dhacp.close-test.rounds=50}
     * for issue 28's figure (~2 min).
     */
    private static final int ROUNDS = Integer.getInteger("hacp.close-test.rounds", 10);
    /** Every fifth round kills a peer process (starting one costs ~2 s). */
    private static final int KILL_EVERY = 5;
    /** The close bound (3 s after the endpoints stopped) and ~1 s of flush, with room for a loaded machine. */
    private static final long BOUND_MS = 8_000;

    @TempDir
    Path dir;

    private enum PeerFate {
        KILLED,
        CLOSED,
        ALIVE
    }

    @Test
    void aServiceClosesWithinItsBoundWhateverBecameOfItsPeers() throws Exception {
        ClusterCa ca = ClusterCa.openOrCreate(dir.resolve("ca"), "close-test");
        RpcConfig member = RpcConfig.defaults().withTls(ca.issue("member"));
        List<Long> closeMillis = new ArrayList<>();
        StringBuilder report = new StringBuilder();
        for (int round = 0; round < ROUNDS; round++) {
            PeerFate fate =
                    round % KILL_EVERY == 0 ? PeerFate.KILLED : round % 2 == 0 ? PeerFate.CLOSED : PeerFate.ALIVE;
            long ms = closeAfter(fate, ca, member);
            closeMillis.add(ms);
            report.append(fate).append('=').append(ms).append(' ');
        }
        List<Long> sorted = closeMillis.stream().sorted().toList();
        System.out.printf(
                "close ms over %d rounds: median %d, p90 %d, max %d; %s%n",
                ROUNDS, sorted.get(ROUNDS / 2), sorted.get(ROUNDS * 9 / 10), sorted.get(ROUNDS - 1), report);
        assertThat(sorted.get(ROUNDS - 1))
                .as("slowest close (ms) of %s", report)
                .isLessThan(BOUND_MS);
    }

    private long closeAfter(PeerFate fate, ClusterCa ca, RpcConfig member) throws Exception {
        Process process = null;
        RpcService peer = null;
        String address;
        if (fate == PeerFate.KILLED) {
            process = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            EchoPeerMain.class.getName(),
                            dir.resolve("ca").toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            address = readAddress(process);
        } else {
            peer = TestRpcSystems.remote(RpcConfig.defaults().withTls(ca.issue("peer")));
            EchoEndpoint echo = new EchoEndpoint(peer, "echo");
            echo.start();
            address = echo.getAddress();
        }
        RpcService service = TestRpcSystems.remote(member);
        try {
            EchoGateway gateway = service.connect(address, EchoGateway.class).get(30, TimeUnit.SECONDS);
            for (int i = 0; i < 100; i++) {
                gateway.echo("burst-" + i);
            }
            assertThat(gateway.echo("last").get(30, TimeUnit.SECONDS)).isEqualTo("last");
            if (process != null) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            } else if (fate == PeerFate.CLOSED) {
                peer.closeAsync().get(30, TimeUnit.SECONDS);
            }
            long start = System.nanoTime();
            service.closeAsync().get(60, TimeUnit.SECONDS);
            return (System.nanoTime() - start) / 1_000_000;
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            if (peer != null) {
                peer.closeAsync().get(60, TimeUnit.SECONDS);
            }
        }
    }

    private static String readAddress(Process process) throws Exception {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.startsWith("ADDRESS ")) {
                return line.substring("ADDRESS ".length());
            }
        }
        throw new IllegalStateException("the peer process ended before it printed its address");
    }
}
