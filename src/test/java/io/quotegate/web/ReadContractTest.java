package io.quotegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The read contract's decisions, without a server: headers, 304, HEAD, gzip, narrowed, 503, CORS. */
class ReadContractTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2024-03-05T10:00:05Z"));
    private final ReadFixture f = new ReadFixture(clock, "open", List.of());

    /** A header of a reply as a writer gets it, or null. */
    private static String header(Reply reply, String name) {
        String[] found = {null};
        reply.headers((n, v) -> {
            if (n.equalsIgnoreCase(name) && found[0] == null) {
                found[0] = v;
            }
        });
        return found[0];
    }

    private Reply reply(ReadRequest request) {
        return f.contract.reply(request).block(Duration.ofSeconds(5));
    }

    private static ReadRequest get(String path, String symbols, String acceptEncoding, String ifNoneMatch) {
        return new ReadRequest(
                false, path, symbols, null, null, null, null, acceptEncoding, ifNoneMatch, null, "127.0.0.1", null);
    }

    @Test
    void aGetIsTheStoredBytesWithETagCacheControlNextRefreshAtAndVary() {
        f.land(42);
        Reply r = reply(ReadFixture.get("/fx"));

        assertThat(r.status()).isEqualTo(200);
        assertThat(header(r, "ETag")).isEqualTo("\"fx-42\"");
        assertThat(header(r, "Cache-Control")).isEqualTo("public, max-age=1795"); // 10:00:05 to 10:30:00
        assertThat(header(r, "Next-Refresh-At")).isEqualTo("2024-03-05T10:30:00Z");
        assertThat(header(r, "Vary")).isEqualTo("Accept-Encoding");
        assertThat(header(r, "Content-Type")).isEqualTo("application/json");
        assertThat(r.body()).isEqualTo(f.store.peek("fx").orElseThrow().json());
        assertThat(header(r, "Content-Length")).isEqualTo(Integer.toString(r.body().length));
    }

    @Test
    void theCachingHeadersFollowTheClockAndTheNextSlot() {
        f.land(1);
        clock.advance(Duration.ofMinutes(29).plusSeconds(54)); // 10:29:59
        assertThat(header(reply(ReadFixture.get("/fx")), "Cache-Control")).isEqualTo("public, max-age=1");
        clock.advance(Duration.ofSeconds(2)); // 10:30:01, past the slot
        Reply r = reply(ReadFixture.get("/fx"));
        assertThat(header(r, "Cache-Control")).isEqualTo("public, max-age=1799");
        assertThat(header(r, "Next-Refresh-At")).isEqualTo("2024-03-05T11:00:00Z");
    }

    @Test
    void aMatchingIfNoneMatchIs304WithValidatorsAndNoBody() {
        f.land(42);
        for (String header : List.of("\"fx-42\"", "W/\"fx-42\"", "\"fx-1\", \"fx-42\"", "*")) {
            Reply r = reply(get("/fx", null, null, header));
            assertThat(r.status()).as(header).isEqualTo(304);
            assertThat(header(r, "ETag")).isEqualTo("\"fx-42\"");
            assertThat(header(r, "Next-Refresh-At")).isNotNull();
            assertThat(r.body()).isNull();
        }
        assertThat(reply(get("/fx", null, null, "\"fx-41\"")).status()).isEqualTo(200);
    }

    @Test
    void aNarrowedReadHasItsOwnWeakETag() {
        f.land(42);
        Reply r = reply(get("/fx", "GBP/USD", null, null));
        assertThat(header(r, "ETag")).matches("W/\"fx-42-[0-9a-f]{24}\"");
        assertThat(new String(r.body(), StandardCharsets.UTF_8))
                .contains("GBP/USD")
                .doesNotContain("EUR/USD");
        assertThat(reply(get("/fx", null, null, header(r, "ETag"))).status())
                .as("the narrowed tag does not validate the full feed")
                .isEqualTo(200);
    }

    @Test
    void gzipIsServedWhenAskedUnderTheSameTagAndAHeadHasTheGetsHeaders() {
        f.land(42);
        Reply gzip = reply(get("/fx", null, "gzip, deflate", null));
        assertThat(header(gzip, "Content-Encoding")).isEqualTo("gzip");
        assertThat(gzip.body())
                .isEqualTo(f.store.peek("fx").orElseThrow().full().gzip());
        Reply head =
                reply(new ReadRequest(true, "/fx", null, null, null, null, null, null, null, null, "127.0.0.1", null));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.body()).isNull();
        assertThat(header(head, "Content-Length"))
                .isEqualTo(Integer.toString(f.store.peek("fx").orElseThrow().json().length));
    }

    @Test
    void withoutASnapshotAndWithoutAnEnabledProviderItIsAJson503NamingWhy() {
        Reply r = reply(ReadFixture.get("/fx"));
        assertThat(r.status()).isEqualTo(503);
        assertThat(new String(r.body(), StandardCharsets.UTF_8))
                .startsWith("{\"error\":\"no_provider\"")
                .contains("demo: disabled");
    }

    @Test
    void aKeyedGetCountsWhenItIsDecidedSoTheNextRequestFindsItCountedBeforeTheFirstIsWritten() {
        f.land(1);
        Reply first = reply(keyed("/fx", ReadFixture.MESSAGES_KEY));
        assertThat(first.status()).isEqualTo(200);
        // The writer has not reported the first body written: a client that read it and asked again at once
        // (on another connection, on another event loop) must still find its one message spent.
        Reply second = reply(keyed("/fx", ReadFixture.MESSAGES_KEY));
        assertThat(second.status()).isEqualTo(429);
        assertThat(new String(second.body(), StandardCharsets.UTF_8)).contains("\"quota_exhausted\"");
        first.written();
        second.written();
    }

    private static ReadRequest keyed(String path, String key) {
        return new ReadRequest(false, path, null, null, key, null, null, null, null, null, "127.0.0.1", null);
    }

    @Test
    void aStreamOpensWithRetryAndItsHeaders() {
        f.land(7);
        Reply r = reply(ReadFixture.get("/fx/stream"));
        assertThat(header(r, "Content-Type")).isEqualTo("text/event-stream");
        assertThat(header(r, "X-Accel-Buffering")).isEqualTo("no");
        assertThat(r.frames()
                        .take(2)
                        .map(fr -> new String(fr.bytes(), StandardCharsets.UTF_8))
                        .collectList()
                        .block())
                .satisfiesExactly(
                        retry -> assertThat(retry).isEqualTo("retry: 5000\n\n"),
                        snapshot -> assertThat(snapshot).startsWith("id: 7\nevent: snapshot\n"));
    }

    @Test
    void withCorsOnAnAllowedOriginReadsAndAnotherIsRefusedBeforeAdmission() {
        ReadFixture cors = new ReadFixture(clock, "open", List.of("https://app.example.com"));
        cors.land(1);
        Reply allowed = cors.contract
                .reply(new ReadRequest(
                        false,
                        "/fx",
                        null,
                        null,
                        null,
                        "https://app.example.com",
                        "localhost:8080",
                        null,
                        null,
                        null,
                        "127.0.0.1",
                        null))
                .block();
        assertThat(header(allowed, "Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
        assertThat(header(allowed, "Vary")).isEqualTo("Origin, Accept-Encoding");
        Reply sameOrigin = cors.contract
                .reply(new ReadRequest(
                        false,
                        "/fx",
                        null,
                        null,
                        null,
                        "http://localhost:8080",
                        "localhost:8080",
                        null,
                        null,
                        null,
                        "127.0.0.1",
                        null))
                .block();
        assertThat(sameOrigin.status()).as("a page of the service itself").isEqualTo(200);
        assertThat(header(sameOrigin, "Access-Control-Allow-Origin")).isNull();
        Reply refused = cors.contract
                .reply(new ReadRequest(
                        false,
                        "/fx",
                        null,
                        null,
                        null,
                        "https://evil.example.net",
                        "localhost:8080",
                        null,
                        null,
                        null,
                        "127.0.0.1",
                        null))
                .block();
        assertThat(refused.status()).isEqualTo(403);
    }
}
