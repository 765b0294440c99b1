package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;

/** With quotegate.admin.token set, the public port serves /trace, /budget and the actuator to that bearer token only. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "quotegate.markets.always-open=true", // a model weekend in seconds mode must not pause the pipeline
            "management.server.port=",
            "quotegate.admin.token=s3cret-admin-token",
            "quotegate.schedule.unit=seconds",
            "quotegate.schedule.enabled=false",
            "quotegate.data-dir=${java.io.tmpdir}/quotegate-it/${random.uuid}"
        })
class AdminTokenIT {

    @LocalServerPort
    int port;

    @Test
    void adminPathsNeedTheToken() {
        Http http = new Http(port);
        for (String path : new String[] {"/trace", "/budget", "/actuator/prometheus"}) {
            ResponseEntity<String> none = http.get(path);
            assertThat(none.getStatusCode().value()).as(path).isEqualTo(401);
            assertThat(Http.parse(none.getBody()).get("error").asString()).isEqualTo("unauthorized");
            assertThat(Http.header(none, "WWW-Authenticate")).startsWith("Bearer");
            assertThat(none.getBody()).doesNotContain("s3cret");

            ResponseEntity<String> wrong = http.get(path, Map.of("Authorization", "Bearer nope"));
            assertThat(wrong.getStatusCode().value()).as(path).isEqualTo(401);

            ResponseEntity<String> right = http.get(path, Map.of("Authorization", "Bearer s3cret-admin-token"));
            assertThat(right.getStatusCode().value()).as(path).isEqualTo(200);
        }
    }

    /**
     * One keep-alive connection, requests one after the other: a response written off the event loop
     * (/trace), a 401 answered at once, then another request. On Reactor Netty 1.3.7 without
     * {@code reactor.netty.http.server.lastFlushWhenNoRead} the last one was never read (seen within 10
     * rounds, and as a 20 s stall of this class in a full run).
     */
    @Test
    void aKeepAliveConnectionKeepsAnsweringAfterResponsesWrittenOffTheEventLoop() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int round = 0; round < 40; round++) {
                for (String token : new String[] {"s3cret-admin-token", null, "nope"}) {
                    String path = round % 2 == 0 ? "/trace" : "/budget";
                    out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                                    + (token == null ? "" : "Authorization: Bearer " + token + "\r\n")
                                    + "\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    assertThat(status(in))
                            .as("round %d, %s with token %s", round, path, token)
                            .isEqualTo(token != null && token.startsWith("s3cret") ? 200 : 401);
                }
            }
        }
    }

    /** Reads one response (status line, headers, a Content-Length body) and returns its status. */
    private static int status(InputStream in) throws IOException {
        String statusLine = line(in);
        int length = 0;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(header.substring(15).trim());
            }
        }
        assertThat(in.readNBytes(length)).hasSize(length);
        return Integer.parseInt(statusLine.split(" ")[1]);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed after: " + sb);
            }
            if (c != '\r') {
                sb.append((char) c);
            }
        }
        return sb.toString();
    }

    @Test
    void healthAndFeedsNeedNoToken() {
        Http http = new Http(port);
        assertThat(http.get("/actuator/health/liveness").getStatusCode().value())
                .isEqualTo(200);
        assertThat(http.get("/livez").getStatusCode().value()).isEqualTo(200);
        assertThat(http.get("/fx").getStatusCode().value()).isIn(200, 503);
    }
}
