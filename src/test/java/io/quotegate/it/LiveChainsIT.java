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
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The live profile's own chains on fakes of all nine HTTP providers, in compressed time: five feeds served, and
 * with the first source of a chain killed its symbols move to the next one, /trace showing each provider's part.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=",
            "spring.profiles.active=live",
            "quotegate.schedule.enabled=false",
            "quotegate.schedule.unit=seconds",
            "quotegate.markets.always-open=true",
            "quotegate.providers.marketstack.enabled=true",
            "quotegate.providers.marketstack.limits.per-month=100000",
            "quotegate.providers.twelvedata.limits.per-day=100000",
            "quotegate.data-dir=${java.io.tmpdir}/quotegate-it/${random.uuid}"
        })
@Import(LiveChainsIT.Clocked.class)
class LiveChainsIT {

    static final TickingClock CLOCK = new TickingClock(Instant.parse("2026-03-11T14:00:00Z"));
    static final TimeScale SCALE = TimeScale.of(SlotUnit.SECONDS);
    static final FakeUpstream FAKE = new FakeUpstream(SCALE.model(CLOCK), CLOCK);

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
    void ready() {
        http = new Http(port);
        await().atMost(Duration.ofSeconds(90))
                .until(() -> "UP"
                        .equals(Http.parse(
                                        http.get("/actuator/health/readiness").getBody())
                                .get("status")
                                .asString()));
        FAKE.clearFaults();
    }

    @Test
    void fiveFeedsAreServedFromTheirLiveChains() {
        slot("crypto"); // with every source answering (an earlier case may have moved crypto down its chain)
        for (String feed : List.of("fx", "indices", "crypto", "commodities", "stocks")) {
            JsonNode body = http.json("/" + feed);
            assertThat(body.get("data").size()).as(feed).isPositive();
        }
        assertThat(http.json("/crypto").get("source").asString()).isEqualTo("binance");
        assertThat(http.json("/stocks").get("source").asString()).isEqualTo("alpaca");
        assertThat(sources(http.json("/indices"))).contains("capitalcom");
    }

    @Test
    void withBinanceDownCryptoComesFromKrakenAndTraceShowsBoth() {
        FAKE.fault("binance", Fault.JSON_500);

        slot("crypto");

        JsonNode crypto = http.json("/crypto");
        assertThat(crypto.get("source").asString()).isEqualTo("kraken");
        assertThat(crypto.get("stale").asBoolean())
                .as("fresh from the next source: " + crypto)
                .isFalse();
        JsonNode providers = lastRefresh("crypto").get("providers");
        assertThat(providers.get("binance").get("outcome").asString()).isIn("transient", "circuit_open");
        assertThat(providers.get("kraken").get("outcome").asString()).isEqualTo("ok");
        assertThat(providers.has("coinbase"))
                .as("not asked: nothing left to serve")
                .isFalse();
        assertThat(FAKE.overLimitAnswers()).isZero();
    }

    @Test
    void withBinanceAndKrakenDownCryptoComesFromCoinbase() {
        FAKE.fault("binance", Fault.JSON_500);
        FAKE.fault("kraken", Fault.HTML_502);

        slot("crypto");

        assertThat(http.json("/crypto").get("source").asString()).isEqualTo("coinbase");
        JsonNode providers = lastRefresh("crypto").get("providers");
        assertThat(providers.get("kraken").get("outcome").asString()).isIn("transient", "circuit_open");
        assertThat(providers.get("coinbase").get("outcome").asString()).isEqualTo("ok");
    }

    @Test
    void withCapitalComDownItsIndicesComeFromMarketstack() {
        FAKE.fault("capitalcom", Fault.JSON_500);

        slot("indices");

        JsonNode providers = lastRefresh("indices").get("providers");
        assertThat(providers.get("capitalcom").get("outcome").asString()).isIn("transient", "circuit_open");
        assertThat(providers.get("marketstack").get("served").asInt())
                .as("marketstack serves capitalcom's share too")
                .isGreaterThan(7);
        assertThat(sources(http.json("/indices"))).doesNotContain("capitalcom");
    }

    private static List<String> sources(JsonNode body) {
        return StreamSupport.stream(body.get("data").spliterator(), false)
                .map(q -> q.get("source").asString())
                .distinct()
                .toList();
    }

    private JsonNode lastRefresh(String feed) {
        return http.json("/trace").get("feeds").get(feed).get("lastRefresh");
    }

    /** Moves the clock to the feed's next slot, past any circuit's open wait, and runs that slot's refresh. */
    private void slot(String name) {
        var feed = feeds.get(name);
        CLOCK.set(schedule.next(feed.slots(), CLOCK.instant().plusSeconds(3)).plusMillis(20));
        refresher.refresh(name, Purpose.SLOT).block(Duration.ofSeconds(60));
    }
}
