package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.quotegate.budget.BudgetPlan;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.feed.Refresher;
import io.quotegate.model.Purpose;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.TimeScale;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
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

/**
 * A compressed model week in seconds mode (a real second is a model minute), the live profile against
 * fakes that enforce their limits in model time (their windows compress 60x with the service's), the test
 * moving the one clock from slot to slot through Wednesday 2026-03-11 to Wednesday 2026-03-18. No limit
 * may be crossed, the weekend (FX, CME and every index exchange shut) must spend nothing, and the
 * credits each fake counted must equal what the plan on /budget planned for those seven days.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "management.server.port=", // the actuator on the test port: ITs read /trace and /actuator/prometheus there
            "spring.profiles.active=live",
            "quotegate.schedule.enabled=false",
            "quotegate.schedule.unit=seconds",
            "quotegate.budget.allow-overcommit=false",
            "quotegate.providers.twelvedata.limits.per-minute=30",
            "quotegate.providers.twelvedata.limits.per-day=1300",
            "quotegate.providers.marketstack.enabled=true",
            "quotegate.providers.marketstack.limits.per-month=2000",
            "quotegate.data-dir=${java.io.tmpdir}/quotegate-it/${random.uuid}"
        })
@Import(LiveWeekIT.Clocked.class)
class LiveWeekIT {

    static final TimeScale SCALE = TimeScale.of(SlotUnit.SECONDS);
    /** Model time: a Wednesday. */
    static final Instant WEEK = Instant.parse("2026-03-11T00:00:00Z");
    /** The real instant at which the model clock reads {@code WEEK}. */
    static final Instant REAL_WEEK = SCALE.toReal(WEEK);

    static final TickingClock CLOCK = new TickingClock(SCALE.toReal(WEEK.minus(Duration.ofMinutes(59))));
    static final Clock MODEL = SCALE.model(CLOCK);
    static final FakeUpstream FAKE = new FakeUpstream(MODEL, CLOCK);

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
    BudgetPlan plan;

    @Test
    void aCompressedWeekSpendsWhatThePlanPlannedAndNothingOnTheWeekend() {
        Http http = new Http(port);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "UP"
                        .equals(Http.parse(
                                        http.get("/actuator/health/readiness").getBody())
                                .get("status")
                                .asString()));
        assertThat(plan.from())
                .as("the plan's window starts on the model day before")
                .isEqualTo(WEEK.minus(Duration.ofDays(1)));
        FAKE.forget(); // the warm-ups of the evening before are not part of the week

        boolean checkedWeekend = false;
        for (int minute = 0; minute < 7 * 24 * 60; minute++) {
            // One real second per model minute, plus a model second past the slot.
            CLOCK.set(REAL_WEEK.plusSeconds(minute).plusMillis(20));
            for (var feed : feeds.all()) {
                if (feed.slots().contains(minute % 60)) {
                    refresher.refresh(feed.name(), Purpose.SLOT).block(Duration.ofSeconds(30));
                }
            }
            if (!checkedWeekend && MODEL.instant().isAfter(Instant.parse("2026-03-14T12:00:00Z"))) {
                var fx = http.json("/fx");
                assertThat(fx.get("marketOpen").asBoolean())
                        .as("FX on Saturday")
                        .isFalse();
                assertThat(fx.get("stale").asBoolean())
                        .as("a closed market's last price is not stale")
                        .isFalse();
                assertThat(fx.get("nextOpen").asString()).isNotEmpty();
                checkedWeekend = true;
            }
        }
        assertThat(checkedWeekend).isTrue();

        assertThat(FAKE.overLimitAnswers()).as("over-limit answers").isZero();
        for (String provider : List.of("twelvedata", "marketstack", FakeCapitalCom.NAME, "alpaca")) {
            long planned = plan.providers().stream()
                    .filter(p -> p.provider().equals(provider))
                    .findFirst()
                    .orElseThrow()
                    .creditsByDay()
                    .subList(1, 8)
                    .stream()
                    .mapToLong(Long::longValue)
                    .sum();
            long spent = FAKE.calls(provider).stream()
                    .filter(c -> !c.at().isBefore(WEEK) && c.at().isBefore(WEEK.plus(Duration.ofDays(7))))
                    .filter(c -> c.status() == 200 && !c.overLimit())
                    .mapToLong(FakeUpstream.Call::credits)
                    .sum();
            assertThat(spent)
                    .as(provider + ": credits the fake counted over the week = the plan's seven days")
                    .isEqualTo(planned);
            assertThat(spent).as(provider + " spent something").isPositive();
            assertThat(FAKE.calls(provider))
                    .as(provider + " on Saturday")
                    .noneMatch(c -> c.at().atZone(ZoneOffset.UTC).getDayOfWeek() == DayOfWeek.SATURDAY);
        }
        assertThat(FAKE.calls("marketstack"))
                .as("no end-of-day price is published on a Sunday")
                .noneMatch(c -> c.at().atZone(ZoneOffset.UTC).getDayOfWeek() == DayOfWeek.SUNDAY);
        assertThat(FAKE.calls("binance"))
                .as("crypto trades every day")
                .anyMatch(c -> c.at().atZone(ZoneOffset.UTC).getDayOfWeek() == DayOfWeek.SATURDAY);
        // Capital.com's session is real time: a model slot every 30 real seconds keeps it alive through the
        // trading days; it lapses over the weekend (48 real minutes), so a handful of logins, never one a call.
        FakeCapitalCom capital = FAKE.capitalcom();
        assertThat(capital.logins())
                .isPositive()
                .isLessThan(FAKE.calls(FakeCapitalCom.NAME).size() / 10);
        assertThat(capital.tooManyRequests()).isZero();
        assertThat(capital.refusedPriceCalls())
                .as("no price call met a lapsed session")
                .isZero();
    }
}
