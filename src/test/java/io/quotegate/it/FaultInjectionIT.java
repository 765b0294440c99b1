package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quotegate.feed.FeedCatalog;
import io.quotegate.feed.Refresher;
import io.quotegate.it.FakeUpstream.Fault;
import io.quotegate.model.Purpose;
import io.quotegate.model.SlotSchedule;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.TimeScale;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Every upstream fault from the issue, injected into Twelve Data (the first provider of fx, crypto
 * and commodities) in the live profile, in compressed time. For each: every feed keeps answering 200
 * (from the next provider of its chain, or stale), no provider limit is crossed counting retries,
 * /trace and the metrics name what happened, and the feed is fresh from Twelve Data again on the
 * first slot after the fault clears. Keys never show in logs, /trace, metrics or errors.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=", // the actuator on the test port: ITs read /trace and /actuator/prometheus there
            "spring.profiles.active=live",
            "quotegate.schedule.enabled=false",
            "quotegate.schedule.unit=seconds",
            "quotegate.markets.always-open=true",
            "quotegate.providers.marketstack.enabled=true",
            "quotegate.feeds.crypto.providers=twelvedata,binance,coingecko", // the chain these cases were written for
            "quotegate.providers.twelvedata.timeout=1s",
            "quotegate.providers.twelvedata.limits.per-day=100000",
            "quotegate.providers.marketstack.limits.per-month=100000",
            "logging.level.org.springframework.web.reactive.function.client=DEBUG",
            "quotegate.data-dir=${java.io.tmpdir}/quotegate-it/${random.uuid}"
        })
@Import(FaultInjectionIT.Clocked.class)
class FaultInjectionIT {

    static final TickingClock CLOCK = new TickingClock(Instant.parse("2026-03-11T09:00:00Z"));
    static final TimeScale SCALE = TimeScale.of(SlotUnit.SECONDS);
    static final FakeUpstream FAKE = new FakeUpstream(SCALE.model(CLOCK), CLOCK);
    static final List<String> TD_FEEDS = List.of("fx", "crypto", "commodities");
    static final List<String> KEYS = List.of(FakeUpstream.TD_KEY, FakeUpstream.MS_KEY, FakeUpstream.CG_KEY);

    static {
        FAKE.limit("twelvedata", 8, 100000);
        FAKE.limit("binance", 6000, 0);
        FAKE.limit("coingecko", 30, 0);
        FAKE.limit("frankfurter", 60, 0);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Clocked {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }
    }

    @DynamicPropertySource
    static void providers(DynamicPropertyRegistry registry) {
        LiveProviders.register(registry, FAKE);
    }

    @AfterAll
    static void stop() throws Exception {
        FAKE.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    Refresher refresher;

    @Autowired
    FeedCatalog feeds;

    @Autowired
    SlotSchedule schedule;

    Http http;

    @BeforeEach
    void healthyStart() {
        http = new Http(port);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "UP"
                        .equals(Http.parse(
                                        http.get("/actuator/health/readiness").getBody())
                                .get("status")
                                .asString()));
        FAKE.clearFaults();
        // Far enough on that any ban or open circuit from an earlier case is over.
        CLOCK.advance(Duration.ofMinutes(10));
        slots(List.of("fx", "indices", "crypto", "commodities"));
        for (String feed : TD_FEEDS) {
            assertThat(http.json("/" + feed).get("source").asString())
                    .as(feed + " before the fault")
                    .isEqualTo("twelvedata");
        }
        FAKE.forget();
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of(Fault.TIMEOUT, "transient"),
                Arguments.of(Fault.SLOW_BODY, "transient"),
                Arguments.of(Fault.RESET, "transient"),
                Arguments.of(Fault.JSON_500, "transient"),
                Arguments.of(Fault.HTML_502, "transient"),
                Arguments.of(Fault.RETRY_503, "transient"),
                Arguments.of(Fault.TD_429_BODY, "rate_limited"),
                Arguments.of(Fault.HTTP_429, "rate_limited"),
                Arguments.of(Fault.MALFORMED, "malformed"),
                Arguments.of(Fault.TRUNCATED, "malformed"),
                Arguments.of(Fault.EMPTY, "malformed"),
                Arguments.of(Fault.WRONG_CONTENT_TYPE, "transient"),
                Arguments.of(Fault.INVALID_KEY, "auth_failed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void aTwelveDataFaultNeverReachesTheUserNorCostsExtraBudget(Fault fault, String outcome) {
        FAKE.fault("twelvedata", fault);
        slots(TD_FEEDS);

        everyFeedAnswers200();
        assertThat(FAKE.overLimitAnswers())
                .as("over-limit answers, retries included")
                .isZero();
        assertThat(FAKE.busiestMinute("twelvedata")).isLessThanOrEqualTo(8);
        JsonNode trace = http.json("/trace");
        for (String feed : TD_FEEDS) {
            JsonNode td = trace.get("feeds")
                    .get(feed)
                    .get("lastRefresh")
                    .get("providers")
                    .get("twelvedata");
            assertThat(td.get("outcome").asString())
                    .as(feed + " outcome on /trace")
                    .isIn(outcome, "circuit_open");
        }
        assertThat(trace.get("providers")
                        .get("twelvedata")
                        .get("lastError")
                        .get("outcome")
                        .asString())
                .isIn(outcome, "circuit_open");
        // Twelve Data's last fx quotes stay while they are current (Frankfurter's rates are older); once they
        // have aged out, Frankfurter's current rates take their place.
        slots(List.of("fx"));
        assertThat(http.json("/fx").get("source").asString())
                .as("fx falls through to frankfurter")
                .isEqualTo("frankfurter");
        assertThat(http.json("/crypto").get("source").asString())
                .as("crypto falls through to binance")
                .isEqualTo("binance");
        JsonNode commodities = http.json("/commodities");
        assertThat(commodities.get("source").asString()).isEqualTo("fallback");
        assertThat(commodities.get("stale").asBoolean()).isTrue();
        assertThat(http.get("/actuator/prometheus").getBody())
                .containsPattern("quotegate_upstream_requests_total\\{[^}]*outcome=\"" + outcome
                        + "\"[^}]*provider=\"twelvedata\"");

        FAKE.clearFaults();
        CLOCK.advance(Duration.ofSeconds(3)); // past the circuit's open wait (one model minute) and any Retry-After
        for (String feed : TD_FEEDS) {
            slots(List.of(feed)); // read right after the feed's own slot: the next feeds' slots may be past its TTL
            JsonNode body = http.json("/" + feed);
            assertThat(body.get("source").asString()).as(feed + " recovered").isEqualTo("twelvedata");
            assertThat(body.get("stale").asBoolean())
                    .as(feed + " fresh again: " + body)
                    .isFalse();
        }
    }

    @Test
    void aPartialBatchServesTheRestAndQuarantinesTheBadSymbol() {
        FAKE.fault("twelvedata", Fault.PARTIAL);
        slots(List.of("fx"));
        JsonNode fx = http.json("/fx");
        assertThat(fx.get("source").asString()).isEqualTo("twelvedata");
        assertThat(fx.get("stale").asBoolean()).isFalse();
        JsonNode first = fx.get("data").get(0);
        String bad = first.get("symbol").asString();
        // The next provider is asked for the rejected symbol, but Frankfurter's reference rate (dated today) is
        // older than Twelve Data's last quote, which is still current: that one stays, fresh, and the rate
        // counts as outdated.
        assertThat(first.get("source").asString()).isEqualTo("twelvedata");
        assertThat(first.get("stale").asBoolean()).isFalse();
        JsonNode providers = http.json("/trace").get("providers");
        assertThat(providers.get("frankfurter").get("outdated").has(bad)).isTrue();
        JsonNode quarantined = providers.get("twelvedata").get("quarantined");
        assertThat(quarantined.has(bad)).isTrue();
        FAKE.forget();
        FAKE.clearFaults();
        slots(List.of("fx"));
        assertThat(FAKE.calls("twelvedata"))
                .allSatisfy(c -> assertThat(c.symbols()).doesNotContain(bad));
    }

    @Test
    void aBinanceBanStopsEveryCallUntilRetryAfterAndCryptoMovesOnToCoinGecko() {
        FAKE.fault("twelvedata", Fault.JSON_500);
        FAKE.fault("binance", Fault.BINANCE_418);
        slots(List.of("crypto"));
        assertThat(http.json("/crypto").get("source").asString()).isEqualTo("coingecko");
        JsonNode binance = http.json("/trace").get("providers").get("binance");
        assertThat(binance.get("circuit").asString()).isEqualTo("open");
        assertThat(binance.get("lastError").get("outcome").asString()).isEqualTo("banned");
        int bannedCalls = FAKE.calls("binance").size();
        assertThat(bannedCalls).isEqualTo(1);

        CLOCK.advance(Duration.ofSeconds(30)); // inside the 120 s ban
        slots(List.of("crypto"));
        assertThat(FAKE.calls("binance")).as("no call leaves during a ban").hasSize(bannedCalls);
        everyFeedAnswers200();
    }

    /**
     * Issue 18's outage run: every crypto source down for several slots. One stale version while it lasts (the
     * same quotes every slot make no new version, ETag or update), one WARN line per provider for the outage,
     * and fresh prices, with one INFO line, once the sources answer again.
     */
    @Test
    void anOutageMakesOneStaleVersionSaysSoOnceAndRecovers(CapturedOutput output) {
        int from = output.getAll().length();
        long healthy = http.json("/crypto").get("version").asLong();
        for (String p : List.of("twelvedata", "binance", "coingecko")) {
            FAKE.fault(p, Fault.JSON_500);
        }

        slots(List.of("crypto"));
        JsonNode down = http.json("/crypto");
        String etag = http.get("/crypto").getHeaders().getETag();
        for (int slot = 0; slot < 3; slot++) {
            slots(List.of("crypto"));
        }
        JsonNode still = http.json("/crypto");

        assertThat(down.get("version").asLong()).isEqualTo(healthy + 1);
        assertThat(down.get("stale").asBoolean()).isTrue();
        assertThat(still.get("version").asLong())
                .as("nothing changed during the outage: no new version")
                .isEqualTo(down.get("version").asLong());
        assertThat(http.get("/crypto").getHeaders().getETag()).isEqualTo(etag);
        assertThat(http.json("/trace")
                        .get("feeds")
                        .get("crypto")
                        .get("lastRefresh")
                        .get("result")
                        .asString())
                .isEqualTo("unchanged");
        assertThat(http.json("/trace")
                        .get("feeds")
                        .get("crypto")
                        .get("staleQuotes")
                        .get("BTC/USD")
                        .asString())
                .isEqualTo("no provider");
        String during = output.getAll().substring(from);
        for (String p : List.of("twelvedata", "binance", "coingecko")) {
            assertThat(during.split(p + " is failing for crypto", -1))
                    .as("one WARN line for %s's outage", p)
                    .hasSize(2);
        }

        FAKE.clearFaults();
        CLOCK.advance(Duration.ofSeconds(3)); // past the circuits' open wait
        slots(List.of("crypto"));
        JsonNode back = http.json("/crypto");

        assertThat(back.get("stale").asBoolean()).as("fresh again: " + back).isFalse();
        assertThat(back.get("source").asString()).isEqualTo("twelvedata");
        assertThat(back.get("version").asLong()).isEqualTo(down.get("version").asLong() + 1);
        assertThat(output.getAll().substring(from)).contains("twelvedata answers again (crypto)");
    }

    @Test
    void noKeyEverShowsInLogsTraceMetricsOrErrors(CapturedOutput output) {
        ResponseEntity<String> unknown = http.get("/fx?symbols=NOPE");
        for (String text : List.of(
                http.get("/trace").getBody(),
                http.get("/budget").getBody(),
                http.get("/actuator/prometheus").getBody(),
                unknown.getBody(),
                output.getAll())) {
            for (String key : KEYS) {
                assertThat(text).doesNotContain(key);
            }
        }
    }

    private void everyFeedAnswers200() {
        for (String feed : List.of("fx", "indices", "crypto", "commodities")) {
            ResponseEntity<String> r = http.get("/" + feed);
            assertThat(r.getStatusCode().value()).as(feed).isEqualTo(200);
        }
    }

    /** Moves the clock to each feed's next slot (in order) and runs that slot's refresh. */
    private void slots(List<String> names) {
        for (String name : names) {
            var feed = feeds.get(name);
            CLOCK.set(schedule.next(feed.slots(), CLOCK.instant()).plusMillis(20));
            refresher.refresh(name, Purpose.SLOT).block(Duration.ofSeconds(60));
        }
    }
}
