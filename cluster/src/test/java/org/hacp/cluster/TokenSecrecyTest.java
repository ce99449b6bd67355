package org.hacp.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.hacp.cluster.jobmanager.JobManager;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway;
import org.hacp.cluster.resourcemanager.ResourceManagerGateway.ResourceManagerStatus;
import org.hacp.cluster.status.StatusServer;
import org.hacp.fencing.FencingToken;
import org.hacp.rpc.RpcService;
import org.hacp.rpc.TestRpcSystems;
import org.hacp.testing.Closer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 4: tokens are not credentials, and a leader's session id (which with the epoch
 * makes a call valid) never leaves the process: not through the unfenced status RPC an outsider
 * may call without any token, not through the HTTP status page. Epochs may.
 */
class TokenSecrecyTest {
    private final Closer closer = new Closer();

    @AfterEach
    void tearDown() {
        closer.close();
    }

    @Test
    void anOutsiderLearnsEpochsButNoSessionIdFromTheStatusRpcOrTheStatusPage() throws Exception {
        JobManager jm = OneJobManager.start(closer, "secrecy", OneJobManager.Rpc.PEKKO);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> jm.dispatcher().getFencingToken() != null
                        && jm.resourceManager().getFencingToken() != null);
        List<FencingToken> tokens =
                List.of(jm.dispatcher().getFencingToken(), jm.resourceManager().getFencingToken());
        StatusServer status = closer.track(new StatusServer(jm, "127.0.0.1", 0));

        RpcService outsider = TestRpcSystems.remote(TestRpcSystems.config());
        closer.track(() -> outsider.closeAsync().get(30, TimeUnit.SECONDS));
        ResourceManagerStatus answer = outsider.connect(jm.resourceManager().getAddress(), ResourceManagerGateway.class)
                .thenCompose(ResourceManagerGateway::status)
                .get(10, TimeUnit.SECONDS);
        String rpcAnswer = new ObjectMapper().writeValueAsString(answer) + answer;
        assertThat(answer.epoch()).isEqualTo(tokens.get(1).epoch());

        HttpClient http = HttpClient.newHttpClient();
        String page = "";
        for (String path : List.of("/status", "/")) {
            page += http.send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + status.port() + path))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        }
        assertThat(page).containsPattern("\"epoch\"\\s*:\\s*" + tokens.get(0).epoch());
        for (FencingToken token : tokens) {
            assertThat(rpcAnswer).doesNotContain(token.sessionId().toString());
            assertThat(page).doesNotContain(token.sessionId().toString());
            assertThat(token.toString()).doesNotContain(token.sessionId().toString());
        }
    }
}
