package org.hacp.cluster.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.hacp.cluster.OneJobManager;
import org.hacp.cluster.jobmanager.JobManager;
import org.hacp.testing.Closer;
import org.hacp.tls.ClusterCa;
import org.hacp.tls.RotatingTlsMaterial;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 12, item 6: the status page over HTTPS, with rotated certificates picked up without restart. */
class StatusTlsTest {
    @TempDir
    Path dir;

    private final Closer closer = new Closer();

    @AfterEach
    void tearDown() {
        closer.close();
    }

    /** A client that trusts the cluster's CA only. */
    private static HttpClient trustingOnly(Path caFile) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        try (InputStream in = Files.newInputStream(caFile)) {
            trusted.setCertificateEntry(
                    "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder()
                .sslContext(context)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    private static HttpResponse<String> get(HttpClient client, String url) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageIsServedOverHttpsAndARotatedCertificateIsUsedWithoutRestart() throws Exception {
        JobManager jm = OneJobManager.start(closer, "https", OneJobManager.Rpc.IN_MEMORY);
        ClusterCa ca = ClusterCa.openOrCreate(dir, "https");
        RotatingTlsMaterial material =
                new RotatingTlsMaterial(ca.issue("jm-a").withReloadInterval(Duration.ofMillis(100)));
        StatusServer status = closer.track(new StatusServer(jm, "127.0.0.1", 0, material.rotatingContext()));
        assertThat(status.scheme()).isEqualTo("https");
        String url = "https://127.0.0.1:" + status.port() + "/status";

        HttpResponse<String> first = get(trustingOnly(ca.caFile()), url);
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).contains("\"process\"");
        assertThat(subject(first)).isEqualTo("CN=jm-a,O=hacp");

        assertThatThrownBy(() -> get(HttpClient.newHttpClient(), "http://127.0.0.1:" + status.port() + "/status"))
                .as("plain HTTP to the HTTPS port")
                .isInstanceOf(IOException.class);

        ca.issue("jm-a", "jm-a-rotated");
        // A new client opens a new connection; the files are checked at most every 100 ms.
        await().atMost(Duration.ofSeconds(10))
                .until(() -> subject(get(trustingOnly(ca.caFile()), url)).equals("CN=jm-a-rotated,O=hacp"));
    }

    private static String subject(HttpResponse<String> response) throws Exception {
        return ((X509Certificate) response.sslSession().orElseThrow().getPeerCertificates()[0])
                .getSubjectX500Principal()
                .getName();
    }
}
