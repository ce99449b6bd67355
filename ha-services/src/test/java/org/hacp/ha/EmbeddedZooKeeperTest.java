package org.hacp.ha;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.hacp.ha.zookeeper.EmbeddedZooKeeper;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 3: the embedded ZooKeeper listens on loopback only and answers only the
 * four-letter words that reveal nothing ({@code srvr}, {@code ruok}, {@code mntr}).
 */
class EmbeddedZooKeeperTest {

    private static String ask(String host, int port, String word) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(word.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    @Test
    void itListensOnLoopbackOnlyAndKeepsTheHostToItself() throws Exception {
        try (EmbeddedZooKeeper zk = EmbeddedZooKeeper.start(null, 0, Duration.ofSeconds(2))) {
            assertThat(zk.connectString()).startsWith("127.0.0.1:");
            assertThat(ask("127.0.0.1", zk.port(), "ruok")).isEqualTo("imok");
            assertThat(ask("127.0.0.1", zk.port(), "srvr")).contains("Mode: standalone");
            assertThat(ask("127.0.0.1", zk.port(), "envi"))
                    .contains("not in the whitelist")
                    .doesNotContain("user.dir")
                    .doesNotContain("java.class.path");
            // Bound to 127.0.0.1 itself, not to every address: another loopback address is refused
            // (a wildcard bind would accept it, and every other interface too).
            assertThatThrownBy(() -> ask("127.0.0.2", zk.port(), "ruok")).isInstanceOf(ConnectException.class);
        }
    }
}
