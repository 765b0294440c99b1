package io.quotegate.it;

import java.net.http.HttpClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** h2c, for a proxy in front: {@code server.http2.enabled=true} without a certificate. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "quotegate.markets.always-open=true",
            "quotegate.schedule.unit=seconds",
            "server.http2.enabled=true",
            "quotegate.data-dir=${java.io.tmpdir}/quotegate-it/${random.uuid}"
        })
class Http2CleartextIT {

    @LocalServerPort
    int port;

    @Test
    void h2cReadsAndStreamsOverOneConnection() throws Exception {
        // The JDK's client asks for h2c with an Upgrade on its first request, then speaks HTTP/2.
        Http2Checks.speaksHttp2(
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build(), "http://localhost:" + port);
    }
}
