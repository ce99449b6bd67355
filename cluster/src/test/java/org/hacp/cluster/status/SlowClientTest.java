package org.hacp.cluster.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.hacp.cluster.OneJobManager;
import org.hacp.cluster.jobmanager.JobManager;
import org.hacp.testing.Closer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 6: half-sent requests block nobody. Without a request timeout, as many slow
 * clients as the page has workers held it for everyone until they gave up.
 */
class SlowClientTest {
    private final Closer closer = new Closer();

    @AfterEach
    void tearDown() {
        closer.close();
    }

    @Test
    void clientsThatNeverFinishTheirRequestDoNotHoldThePage() throws Exception {
        JobManager jm = OneJobManager.start(closer, "slow", OneJobManager.Rpc.IN_MEMORY);
        StatusServer status = closer.track(new StatusServer(jm, "127.0.0.1", 0));

        // More slow clients than workers, each holding a request line without its end.
        for (int i = 0; i < 8; i++) {
            Socket slow = closer.track(new Socket("127.0.0.1", status.port()));
            OutputStream out = slow.getOutputStream();
            out.write("GET /status HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        HttpResponse<String> page = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(5))
                .build()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + status.port() + "/status"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("\"process\"");
    }
}
