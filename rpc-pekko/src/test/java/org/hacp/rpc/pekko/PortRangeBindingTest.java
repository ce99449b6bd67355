package org.hacp.rpc.pekko;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hacp.config.ConfigReader;
import org.hacp.net.FreePorts;
import org.hacp.rpc.RpcConfig;
import org.hacp.rpc.RpcException;
import org.hacp.rpc.TestGateways.EchoEndpoint;
import org.hacp.rpc.TestGateways.EchoGateway;
import org.hacp.testing.Closer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18, item 4: a node behind a firewall that opens only a range of ports binds the first free
 * port of that range, and says which range when none is free.
 */
class PortRangeBindingTest {
    private final Closer closer = new Closer();

    @AfterEach
    void tearDown() {
        closer.close();
    }

    @Test
    void theFirstFreePortOfTheBindRangeIsBoundAndServes() throws Exception {
        List<ServerSocket> block = occupiedBlock(3);
        int first = block.get(0).getLocalPort();
        block.get(2).close(); // the last port of the range is the only free one
        PekkoRpcService server = started(config("hacp.rpc.bind-port = \"" + first + "-" + (first + 2) + "\""));
        assertThat(server.getPort()).isEqualTo(first + 2);

        new EchoEndpoint(server, "echo").start();
        PekkoRpcService client = started(config(""));
        EchoGateway echo = client.connect("pekko://hacp@127.0.0.1:" + (first + 2) + "/user/rpc/echo", EchoGateway.class)
                .get(10, TimeUnit.SECONDS);
        assertThat(echo.echo("through the range").get(10, TimeUnit.SECONDS)).isEqualTo("through the range");
    }

    @Test
    void anAdvertisedRangeBindsAndAdvertisesItsFirstFreePort() throws Exception {
        List<ServerSocket> block = occupiedBlock(2);
        int first = block.get(0).getLocalPort();
        block.get(1).close();
        PekkoRpcService server = started(config("hacp.rpc.advertised-port = \"" + first + "," + (first + 1) + "\""));
        assertThat(server.getPort()).isEqualTo(first + 1);
    }

    @Test
    void anExhaustedRangeFailsAtStartNamingTheKeyAndTheRange() throws Exception {
        List<ServerSocket> block = occupiedBlock(3);
        int first = block.get(0).getLocalPort();
        String range = first + "-" + (first + 2);
        assertThatThrownBy(() -> started(config("hacp.rpc.bind-port = \"" + range + "\"")))
                .isInstanceOf(RpcException.class)
                .hasMessageContaining("no free port on 127.0.0.1 in hacp.rpc.bind-port = " + range)
                .hasMessageContaining("3 tried, all in use");
    }

    private PekkoRpcService started(RpcConfig config) {
        PekkoRpcService service = PekkoRpcService.createRemote(config);
        closer.track(() -> service.closeAsync().get(30, TimeUnit.SECONDS));
        return service;
    }

    private static RpcConfig config(String hocon) {
        return RpcConfig.from(ConfigReader.parse(hocon));
    }

    /** {@code n} consecutive loopback ports below the ephemeral range, each held by a socket of this test. */
    private List<ServerSocket> occupiedBlock(int n) throws IOException {
        int first = FreePorts.loopbackBlockBelowEphemeral(n);
        List<ServerSocket> held = new ArrayList<>();
        for (int port = first; port < first + n; port++) {
            ServerSocket s = closer.track(new ServerSocket());
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            held.add(s);
        }
        return held;
    }
}
