package io.quotegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quotegate.cache.CaffeineSnapshotStore;
import io.quotegate.feed.Feed;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.model.SlotSchedule;
import io.quotegate.model.SlotUnit;
import io.quotegate.provider.ProviderRegistry;
import io.quotegate.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The read path over a mock exchange: headers, 304, HEAD, gzip, and what it leaves to the chain. */
class FeedReadsExchangeTest {

    private static final Instant T0 = Instant.parse("2024-03-05T10:00:05Z");
    private static final Feed FX = HttpTesting.FX;

    private final MutableClock clock = new MutableClock(T0);
    private final CaffeineSnapshotStore store = new CaffeineSnapshotStore(
            Map.of("fx", Duration.ofMinutes(30)), clock, JsonMapper.builder().build(), new SimpleMeterRegistry());
    private final FeedReads reads = new FeedReads(new FeedAnswers(
            new FeedCatalog(List.of(FX)),
            store,
            new SlotSchedule(SlotUnit.MINUTES, ZoneOffset.UTC),
            clock,
            new ProviderRegistry(Map.of(), Map.of()),
            HttpTesting.properties(List.of())));
    private boolean passedOn;
    private final WebFilterChain chain = exchange -> {
        passedOn = true;
        return Mono.empty();
    };

    private MockServerWebExchange run(MockServerHttpRequest.BaseBuilder<?> request) {
        MockServerWebExchange exchange = MockServerWebExchange.from(request);
        reads.filter(exchange, chain).block(Duration.ofSeconds(5));
        return exchange;
    }

    private void land(long version) {
        HttpTesting.land(store, clock, version);
    }

    private static String body(MockServerWebExchange e) {
        return e.getResponse().getBodyAsString().block(Duration.ofSeconds(5));
    }

    @Test
    void aGetIsTheStoredBytesWithETagCacheControlToTheNextSlotAndVary() {
        land(42);
        MockServerWebExchange e = run(MockServerHttpRequest.get("/fx"));

        HttpHeaders h = e.getResponse().getHeaders();
        assertThat(e.getResponse().getStatusCode().value()).isEqualTo(200);
        assertThat(h.getETag()).isEqualTo("\"fx-42\"");
        assertThat(h.getCacheControl()).isEqualTo("public, max-age=1795"); // 10:00:05 to 10:30:00
        assertThat(h.getFirst(HttpHeaders.VARY)).isEqualTo("Accept-Encoding");
        assertThat(h.getFirst(HttpHeaders.CONTENT_TYPE)).isEqualTo("application/json");
        assertThat(body(e)).isEqualTo(new String(store.peek("fx").orElseThrow().json(), StandardCharsets.UTF_8));
        assertThat(passedOn).isFalse();
    }

    @Test
    void cacheControlFollowsTheClockAndTheNextSlot() {
        land(1);
        clock.advance(Duration.ofMinutes(29).plusSeconds(54)); // 10:29:59
        assertThat(run(MockServerHttpRequest.get("/fx"))
                        .getResponse()
                        .getHeaders()
                        .getCacheControl())
                .isEqualTo("public, max-age=1");
        clock.advance(Duration.ofSeconds(2)); // 10:30:01, past the slot
        assertThat(run(MockServerHttpRequest.get("/fx"))
                        .getResponse()
                        .getHeaders()
                        .getCacheControl())
                .isEqualTo("public, max-age=1799");
    }

    @Test
    void aMatchingIfNoneMatchIs304WithValidatorsAndNoBody() {
        land(42);
        for (String header : List.of("\"fx-42\"", "W/\"fx-42\"", "\"fx-1\", \"fx-42\"", "*")) {
            MockServerWebExchange e = run(MockServerHttpRequest.get("/fx").header(HttpHeaders.IF_NONE_MATCH, header));
            assertThat(e.getResponse().getStatusCode().value()).as(header).isEqualTo(304);
            assertThat(e.getResponse().getHeaders().getETag()).isEqualTo("\"fx-42\"");
            assertThat(e.getResponse().getHeaders().getCacheControl()).startsWith("public, max-age=");
            assertThat(body(e)).isEmpty();
        }
        assertThat(run(MockServerHttpRequest.get("/fx").header(HttpHeaders.IF_NONE_MATCH, "\"fx-41\""))
                        .getResponse()
                        .getStatusCode()
                        .value())
                .isEqualTo(200);
    }

    @Test
    void aNarrowedReadHasItsOwnWeakETagAnd304() {
        land(42);
        MockServerWebExchange e = run(MockServerHttpRequest.get("/fx?symbols=GBP/USD"));
        String etag = e.getResponse().getHeaders().getETag();
        assertThat(etag).matches("W/\"fx-42-[0-9a-f]{24}\"");
        assertThat(body(e)).contains("GBP/USD").doesNotContain("EUR/USD");
        assertThat(run(MockServerHttpRequest.get("/fx?symbols=EUR/USD"))
                        .getResponse()
                        .getHeaders()
                        .getETag())
                .isNotEqualTo(etag);
        assertThat(run(MockServerHttpRequest.get("/fx?symbols=GBP/USD").header(HttpHeaders.IF_NONE_MATCH, etag))
                        .getResponse()
                        .getStatusCode()
                        .value())
                .isEqualTo(304);
        assertThat(run(MockServerHttpRequest.get("/fx").header(HttpHeaders.IF_NONE_MATCH, etag))
                        .getResponse()
                        .getStatusCode()
                        .value())
                .as("the narrowed tag does not validate the full feed")
                .isEqualTo(200);
    }

    @Test
    void gzipIsServedWhenAskedUnderTheSameTag() {
        land(42);
        MockServerWebExchange e =
                run(MockServerHttpRequest.get("/fx").header(HttpHeaders.ACCEPT_ENCODING, "gzip, deflate"));
        assertThat(e.getResponse().getHeaders().getFirst(HttpHeaders.CONTENT_ENCODING))
                .isEqualTo("gzip");
        assertThat(e.getResponse().getHeaders().getETag()).isEqualTo("\"fx-42\"");
        assertThat(e.getResponse().getHeaders().getFirst(HttpHeaders.VARY)).isEqualTo("Accept-Encoding");
        assertThat(e.getResponse().getHeaders().getContentLength())
                .isEqualTo(store.peek("fx").orElseThrow().full().gzip().length);
    }

    @Test
    void aHeadHasTheHeadersOfTheGet() {
        land(42);
        MockServerWebExchange e = run(MockServerHttpRequest.head("/fx"));
        assertThat(e.getResponse().getStatusCode().value()).isEqualTo(200);
        assertThat(e.getResponse().getHeaders().getETag()).isEqualTo("\"fx-42\"");
        assertThat(e.getResponse().getHeaders().getContentLength())
                .isEqualTo(store.peek("fx").orElseThrow().json().length);
        assertThat(passedOn).isFalse();
    }

    @Test
    void withoutASnapshotAndWithoutAnEnabledProviderItIsA503NamingWhy() {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/fx"));
        Throwable error = reads.filter(exchange, chain)
                .map(v -> (Throwable) null)
                .onErrorResume(Mono::just)
                .block(Duration.ofSeconds(5));
        assertThat(error).isInstanceOfSatisfying(ApiException.class, api -> {
            assertThat(api.status().value()).isEqualTo(503);
            assertThat(api.code()).isEqualTo("no_provider");
            assertThat(api.getMessage()).contains("demo: disabled");
        });
    }

    @Test
    void otherPathsAndMethodsGoDownTheChain() {
        land(42);
        for (MockServerHttpRequest.BaseBuilder<?> r : List.of(
                MockServerHttpRequest.get("/metals"),
                MockServerHttpRequest.get("/trace"),
                MockServerHttpRequest.post("/fx"),
                MockServerHttpRequest.get("/fx/stream"))) {
            passedOn = false;
            run(r);
            assertThat(passedOn).isTrue();
        }
    }
}
