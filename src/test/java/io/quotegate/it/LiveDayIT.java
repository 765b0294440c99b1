package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quotegate.budget.BudgetPlan;
import io.quotegate.budget.Ledger;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.feed.Refresher;
import io.quotegate.model.Purpose;
import io.quotegate.model.Window;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
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
 * A full UTC day of slots, played in compressed time: the live profile against local fake providers
 * that enforce their own limits, with the test moving the one clock from slot to slot. The limits are
 * set so that the plan fits (so the service starts without overcommit) and stays below degrade-at
 * (1,152 of 1,300 is 88.6 %; above 90 % normal feeds would rightly skip slots). Credits spent must equal the
 * plan, no fake may ever answer "over limit", and every feed must be served from its real chain.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=", // the actuator on the test port: ITs read /trace and /actuator/prometheus there
            "spring.profiles.active=live",
            "quotegate.schedule.enabled=false",
            "quotegate.schedule.unit=minutes",
            "quotegate.budget.allow-overcommit=false",
            "quotegate.providers.twelvedata.limits.per-minute=30",
            "quotegate.providers.twelvedata.limits.per-day=1300",
            "quotegate.providers.marketstack.limits.per-month=2000",
            "quotegate.providers.marketstack.enabled=true",
            "quotegate.data-dir=${java.io.tmpdir}/quotegate-it/${random.uuid}"
        })
@Import(LiveDayIT.Clocked.class)
class LiveDayIT {

    static final Instant DAY = Instant.parse("2026-03-11T00:00:00Z");
    static final TickingClock CLOCK =
            new TickingClock(DAY.minus(Duration.ofMinutes(59)).plusSeconds(10));
    static final FakeUpstream FAKE = new FakeUpstream(CLOCK);

    static {
        FAKE.limit("twelvedata", 30, 1300);
        FAKE.limit("binance", 6000, 0);
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
    Ledger ledger;

    @Autowired
    BudgetPlan plan;

    @Test
    void aFullDayOfSlotsSpendsExactlyThePlanAndNeverCrossesALimit() {
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "UP"
                        .equals(Http.parse(
                                        http.get("/actuator/health/readiness").getBody())
                                .get("status")
                                .asString()));

        int refreshes = 0;
        for (int minute = 0; minute < 24 * 60; minute++) {
            CLOCK.set(DAY.plus(Duration.ofMinutes(minute)).plusSeconds(1));
            for (var feed : feeds.all()) {
                if (feed.slots().contains(minute % 60)) {
                    refresher.refresh(feed.name(), Purpose.SLOT).block(Duration.ofSeconds(30));
                    refreshes++;
                }
            }
        }
        CLOCK.set(DAY.plus(Duration.ofDays(1)).minusSeconds(1));

        assertThat(refreshes).as("fx hourly, the others twice an hour").isEqualTo(24 + 4 * 2 * 24);
        Map<String, Long> planned = Map.of(
                "twelvedata",
                planned("twelvedata"),
                "marketstack",
                planned("marketstack"),
                FakeCapitalCom.NAME,
                planned(FakeCapitalCom.NAME),
                "alpaca",
                planned("alpaca"));
        // Wednesday 2026-03-11, a trading day everywhere: fx 24 x 8 = 192; commodities 47 x 8 = 376 (the
        // 21:40 slot falls in CME's daily break, 16:00-17:00 Chicago, after 21:10 fetched the close);
        // indices: Capital.com's live quotes of 9 indices, one call a slot while one of their exchanges is open
        // (and once after the last close), and the 7 it has no epic for from Marketstack, each once after its
        // exchange's close plus 2 h (end of day, per symbol); stocks: one Alpaca call a slot while NYSE is open
        // (09:30-16:00 New York is 13:30-20:00Z in March after the switch: :55 of 13h to :55 of 19h, and 20:25).
        assertThat(planned)
                .containsEntry("twelvedata", 568L)
                .containsEntry("marketstack", 7L)
                .containsEntry("alpaca", 14L);
        assertThat(planned.get(FakeCapitalCom.NAME)).isPositive();
        for (var e : planned.entrySet()) {
            String provider = e.getKey();
            long spentAtFake = FAKE.calls(provider).stream()
                    .filter(c -> c.at().truncatedTo(ChronoUnit.DAYS).equals(DAY))
                    .filter(c -> c.status() == 200 && !c.overLimit())
                    .mapToLong(FakeUpstream.Call::credits)
                    .sum();
            assertThat(spentAtFake).as(provider + " credits the fake counted").isEqualTo(e.getValue());
            assertThat(ledger.usage(provider).used(Window.DAY))
                    .as(provider + " credits the ledger counted")
                    .isEqualTo(e.getValue());
        }
        assertThat(FAKE.overLimitAnswers()).as("over-limit answers").isZero();
        assertThat(FAKE.busiestMinute("twelvedata")).isLessThanOrEqualTo(30);
        // The warm-up ran the evening before on a fresh data dir (a first start, not a lost record); within the
        // day under test nothing fails, so no fallback is needed.
        assertThat(FAKE.calls("binance"))
                .as("crypto on binance every slot")
                .filteredOn(c -> !c.at().isBefore(DAY))
                .hasSize(48);
        for (String fallback : List.of("kraken", "coinbase", "coingecko", "frankfurter")) {
            assertThat(FAKE.calls(fallback))
                    .as(fallback + " calls on the day")
                    .filteredOn(c -> !c.at().isBefore(DAY))
                    .isEmpty();
        }

        assertThat(http.json("/fx").get("source").asString()).isEqualTo("twelvedata");
        assertThat(http.json("/indices").get("source").asString())
                .as("9 of 16 from Capital.com")
                .isEqualTo(FakeCapitalCom.NAME);
        assertThat(http.json("/stocks").get("source").asString()).isEqualTo("alpaca");
        assertThat(http.json("/stocks").get("data").size()).isEqualTo(8);
        JsonNode spx = http.json("/indices?symbols=SPX").get("data").get(0);
        assertThat(spx.get("price").decimalValue())
                .as("the mid of bid and ask")
                .isEqualByComparingTo(spx.get("bid")
                        .decimalValue()
                        .add(spx.get("ask").decimalValue())
                        .divide(java.math.BigDecimal.valueOf(2)));
        // Capital.com's session: created before a slot when the last one had lapsed (30 minutes between
        // index slots here, 10 minutes idle at Capital.com), never per call, and never refused.
        FakeCapitalCom capital = FAKE.capitalcom();
        assertThat(capital.logins())
                .isPositive()
                .isLessThanOrEqualTo(FAKE.calls(FakeCapitalCom.NAME).size());
        assertThat(capital.tooManyRequests()).isZero();
        assertThat(capital.refusedPriceCalls())
                .as("no price call met a lapsed session")
                .isZero();
        assertThat(http.json("/crypto").get("source").asString()).isEqualTo("binance");
        assertThat(http.json("/commodities").get("source").asString()).isEqualTo("twelvedata");
        assertThat(http.json("/indices").get("data").size()).isEqualTo(16);
        assertThat(http.json("/fx").get("stale").asBoolean()).isFalse();
        assertThat(http.json("/fx").get("marketOpen").asBoolean()).isTrue();
        // 23:59:59Z: every index exchange has closed; their last prices are current, not stale.
        assertThat(http.json("/indices").get("data").get(0).get("stale").asBoolean())
                .isFalse();
    }

    private long planned(String provider) {
        return plan.providers().stream()
                .filter(p -> p.provider().equals(provider))
                .findFirst()
                .orElseThrow()
                .creditsPerDay();
    }
}
