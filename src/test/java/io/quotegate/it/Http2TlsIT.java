package io.quotegate.it;

import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** h2 over TLS: {@code server.http2.enabled=true} with a certificate (a self-signed test one here). */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "quotegate.markets.always-open=true",
            "quotegate.schedule.unit=seconds",
            "server.http2.enabled=true",
            "server.ssl.key-store=classpath:tls/localhost.p12",
            "server.ssl.key-store-password=changeit",
            "server.ssl.key-store-type=PKCS12",
            "quotegate.data-dir=${java.io.tmpdir}/quotegate-it/${random.uuid}"
        })
class Http2TlsIT {

    @LocalServerPort
    int port;

    @Test
    void h2OverTlsReadsAndStreamsOverOneConnection() throws Exception {
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new Http2Checks.TrustTheTestCertificate()}, null);
        Http2Checks.speaksHttp2(
                HttpClient.newBuilder()
                        .version(HttpClient.Version.HTTP_2)
                        .sslContext(tls)
                        .build(),
                "https://localhost:" + port);
    }
}
