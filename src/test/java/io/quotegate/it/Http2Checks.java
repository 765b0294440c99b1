package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.X509TrustManager;

/**
 * HTTP/2 on the public port, as {@link Http2CleartextIT} and {@link Http2TlsIT} start it: reads answer as
 * over HTTP/1.1, and many streams share one connection (a browser's six-connection limit is HTTP/1.1's).
 */
final class Http2Checks {

    /** Reads and ten concurrent streams over one HTTP/2 connection. */
    static void speaksHttp2(HttpClient client, String base) throws Exception {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> client.send(
                                        HttpRequest.newBuilder(URI.create(base + "/fx"))
                                                .build(),
                                        HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200);
        HttpResponse<byte[]> read = client.send(
                HttpRequest.newBuilder(URI.create(base + "/fx")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(read.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(read.statusCode()).isEqualTo(200);
        assertThat(read.headers().firstValue("next-refresh-at")).isPresent();
        assertThat(Http.parse(new String(read.body(), StandardCharsets.UTF_8))
                        .get("feed")
                        .asString())
                .isEqualTo("fx");

        List<CompletableFuture<HttpResponse<InputStream>>> streams = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            streams.add(client.sendAsync(
                    HttpRequest.newBuilder(URI.create(base + "/stream?feeds=fx,crypto"))
                            .build(),
                    HttpResponse.BodyHandlers.ofInputStream()));
        }
        for (CompletableFuture<HttpResponse<InputStream>> s : streams) {
            HttpResponse<InputStream> r = s.get();
            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
            try (InputStream in = r.body()) {
                String retry = new String(in.readNBytes("retry: 5000\n\n".length()), StandardCharsets.UTF_8);
                assertThat(retry).isEqualTo("retry: 5000\n\n");
                assertThat(new String(in.readNBytes(12), StandardCharsets.UTF_8))
                        .startsWith("id: ");
            }
        }
    }

    /** The test's self-signed certificate (src/test/resources/tls/localhost.p12) is the only one it meets. */
    static final class TrustTheTestCertificate implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            if (!chain[0].getSubjectX500Principal().getName().equals("CN=localhost")) {
                throw new IllegalArgumentException("not the test certificate: " + chain[0].getSubjectX500Principal());
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private Http2Checks() {}
}
