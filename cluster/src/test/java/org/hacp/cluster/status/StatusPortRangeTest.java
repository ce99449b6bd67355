package org.hacp.cluster.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.hacp.cluster.ClusterConfig;
import org.hacp.config.ConfigReader;
import org.hacp.net.FreePorts;
import org.hacp.net.PortRange;
import org.hacp.testing.Closer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 18, item 4: the status and metrics page takes a port range as the RPC transport does. */
class StatusPortRangeTest {
    private final Closer closer = new Closer();

    @AfterEach
    void tearDown() {
        closer.close();
    }

    @Test
    void thePageBindsTheFirstFreePortOfItsRangeAndAnExhaustedRangeIsNamed() throws Exception {
        int first = FreePorts.loopbackBlockBelowEphemeral(2);
        ServerSocket taken = closer.track(new ServerSocket());
        taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), first));
        PortRange range = ClusterConfig.from(
                        ConfigReader.parse("hacp.cluster.status-port = \"" + first + "-" + (first + 1) + "\""))
                .statusPorts();

        HttpPages pages = new HttpPages("127.0.0.1", range, null);
        closer.track(pages);
        assertThat(pages.port()).isEqualTo(first + 1);

        assertThatThrownBy(() -> new HttpPages("127.0.0.1", range, null))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining(
                        "no free port on 127.0.0.1 in hacp.cluster.status-port = " + first + "-" + (first + 1));
    }
}
