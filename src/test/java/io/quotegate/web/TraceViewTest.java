package io.quotegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quotegate.budget.Budget;
import io.quotegate.budget.BudgetPlan;
import io.quotegate.budget.CostModel;
import io.quotegate.budget.LedgerStore;
import io.quotegate.budget.MemoryLedger;
import io.quotegate.budget.Thresholds;
import io.quotegate.cache.CaffeineSnapshotStore;
import io.quotegate.feed.Feed;
import io.quotegate.feed.FeedCatalog;
import io.quotegate.feed.Quarantine;
import io.quotegate.feed.RefreshLog;
import io.quotegate.feed.RefreshReport;
import io.quotegate.feed.SpareRefresh;
import io.quotegate.feed.Verdict;
import io.quotegate.model.Priority;
import io.quotegate.model.Purpose;
import io.quotegate.model.Quote;
import io.quotegate.model.SlotSchedule;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.Snapshot;
import io.quotegate.model.TimeScale;
import io.quotegate.model.Window;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderCircuits;
import io.quotegate.provider.ProviderRegistry;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.stream.Broadcaster;
import io.quotegate.testing.MutableClock;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** /trace and /budget as JSON: the keys, their order, and what is left out when there is nothing to say. */
class TraceViewTest {

    private static final Instant T0 = Instant.parse("2030-01-07T10:05:00Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final MutableClock clock = new MutableClock(T0);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Feed fx = new Feed(
            "fx",
            List.of("EUR/USD"),
            List.of(0, 30),
            Duration.ofMinutes(30),
            List.of("twelvedata", "frankfurter"),
            Priority.CRITICAL);
    private final Feed indices = new Feed(
            "indices", List.of("SPX"), List.of(5, 35), Duration.ofHours(2), List.of("marketstack"), Priority.NORMAL);
    private final FeedCatalog feeds = new FeedCatalog(List.of(fx, indices));
    private final CaffeineSnapshotStore store =
            new CaffeineSnapshotStore(Map.of("fx", fx.ttl(), "indices", indices.ttl()), clock, JSON, meters);
    private final Quarantine quarantine = new Quarantine(clock, TimeScale.of(SlotUnit.MINUTES));
    private final Map<String, Budget> budgets = Map.of(
            "twelvedata",
                    new Budget("twelvedata", CostModel.parse("per-symbol"), Map.of(Window.MINUTE, 8, Window.DAY, 800)),
            "frankfurter", new Budget("frankfurter", CostModel.parse("per-call"), Map.of(Window.MINUTE, 60)));
    private final MemoryLedger ledger = new MemoryLedger(
            budgets, Map.of(), Thresholds.defaults(), clock, TimeScale.of(SlotUnit.MINUTES), LedgerStore.NONE);
    private final RefreshLog refreshes = new RefreshLog();
    private final TraceView view = new TraceView(
            feeds,
            store,
            store.reads(),
            refreshes,
            quarantine,
            new ProviderRegistry(
                    Map.of("twelvedata", adapter("twelvedata"), "frankfurter", adapter("frankfurter")),
                    Map.of("marketstack", "no API key")),
            new ProviderCircuits(
                    List.of("twelvedata", "frankfurter", "marketstack"), Duration.ofMinutes(1), clock, meters),
            ledger,
            BudgetPlan.compute(List.of(), budgets, 0.5),
            new SpareRefresh(
                    feeds,
                    (feed, purpose) -> Mono.empty(),
                    ledger,
                    budgets,
                    BudgetPlan.compute(List.of(), budgets, 0.5),
                    new SpareRefresh.Settings(false, 0.75, 0.5),
                    TimeScale.of(SlotUnit.MINUTES),
                    clock,
                    meters),
            new Broadcaster(feeds.names(), store, Duration.ofSeconds(15), VirtualTimeScheduler.create(), meters),
            new SlotSchedule(SlotUnit.MINUTES, ZoneOffset.UTC),
            clock);

    private static ProviderAdapter adapter(String name) {
        return new ProviderAdapter() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Mono<ProviderResponse> fetch(List<String> feedSymbols) {
                return Mono.never();
            }
        };
    }

    private static JsonNode json(Object body) {
        return JSON.readTree(JSON.writeValueAsString(body));
    }

    private static List<String> keys(JsonNode node) {
        List<String> out = new ArrayList<>();
        node.propertyNames().forEach(out::add);
        return out;
    }

    @Test
    void theTraceListsItsPartsInOrder() {
        JsonNode trace = json(view.trace());

        assertThat(keys(trace)).containsExactly("now", "schedule", "feeds", "providers", "plan", "decisions");
        assertThat(trace.get("now").asString()).isEqualTo("2030-01-07T10:05:00Z");
        assertThat(keys(trace.get("schedule"))).containsExactly("unit", "zone");
        assertThat(trace.get("schedule").get("unit").asString()).isEqualTo("minutes");
        assertThat(trace.get("schedule").get("zone").asString()).isEqualTo("UTC");
        assertThat(keys(trace.get("feeds"))).containsExactly("fx", "indices");
        assertThat(keys(trace.get("providers")))
                .as("the plan's providers, then the chains'")
                .containsExactly("twelvedata", "frankfurter", "marketstack");
    }

    @Test
    void aFeedWithoutASnapshotShowsVersionZeroAndItsConfiguration() {
        JsonNode fxTrace = json(view.trace()).get("feeds").get("fx");

        assertThat(keys(fxTrace))
                .containsExactly(
                        "version", "nextSlot", "slots", "ttlSeconds", "chain", "priority", "cache", "subscribers");
        assertThat(fxTrace.get("version").asLong()).isZero();
        assertThat(fxTrace.get("nextSlot").asString()).isEqualTo("2030-01-07T10:30:00Z");
        assertThat(fxTrace.get("ttlSeconds").asLong()).isEqualTo(1800);
        assertThat(fxTrace.get("priority").asString()).isEqualTo("critical");
    }

    @Test
    void aFeedWithASnapshotShowsItsAgeAndItsCacheReads() {
        store.read("fx");
        store.put(new Snapshot(
                "fx",
                4,
                T0,
                false,
                "twelvedata",
                List.of(Quote.of(
                        "EUR/USD", new BigDecimal("1.08"), BigDecimal.ZERO, BigDecimal.ZERO, T0, "twelvedata"))));
        store.read("fx");
        store.read("fx");
        clock.advance(Duration.ofMinutes(31));
        store.read("fx");

        JsonNode fxTrace = json(view.trace()).get("feeds").get("fx");

        assertThat(keys(fxTrace))
                .containsExactly(
                        "version",
                        "asOf",
                        "ageSeconds",
                        "stale",
                        "staleQuotes",
                        "source",
                        "nextSlot",
                        "slots",
                        "ttlSeconds",
                        "chain",
                        "priority",
                        "cache",
                        "subscribers");
        assertThat(fxTrace.get("staleQuotes").get("EUR/USD").asString())
                .as("why the quote is stale")
                .isEqualTo("ttl");
        assertThat(fxTrace.get("version").asLong()).isEqualTo(4);
        assertThat(fxTrace.get("ageSeconds").asLong()).isEqualTo(31 * 60);
        assertThat(fxTrace.get("stale").asBoolean()).as("past its TTL").isTrue();
        assertThat(fxTrace.get("source").asString()).isEqualTo("twelvedata");
        JsonNode cache = fxTrace.get("cache");
        assertThat(keys(cache)).containsExactly("hit", "stale", "miss", "hitRate");
        assertThat(cache.get("hit").asLong()).isEqualTo(2);
        assertThat(cache.get("stale").asLong()).isEqualTo(1);
        assertThat(cache.get("miss").asLong()).isEqualTo(1);
        assertThat(cache.get("hitRate").asDouble()).isEqualTo(0.5);
    }

    @Test
    void aClosedMarketsLastPricePastItsTtlIsNotStaleOnTheTraceAsInTheFeed() {
        Instant nextOpen = T0.plus(Duration.ofHours(40));
        Quote closed = Quote.of("EUR/USD", new BigDecimal("1.08"), BigDecimal.ZERO, BigDecimal.ZERO, T0, "twelvedata")
                .withMarket(false, nextOpen);
        store.put(new Snapshot("fx", 7, T0, false, false, nextOpen, "twelvedata", List.of(closed)));
        clock.advance(Duration.ofMinutes(31));

        JsonNode fxTrace = json(view.trace()).get("feeds").get("fx");

        assertThat(store.peek("fx").orElseThrow().snapshot().stale())
                .as("the feed's own JSON: a closed market's last price is its current price")
                .isFalse();
        assertThat(fxTrace.get("ageSeconds").asLong()).isEqualTo(31 * 60);
        assertThat(fxTrace.get("stale").asBoolean())
                .as("/trace agrees with the feed past the TTL while the market is closed")
                .isFalse();
    }

    @Test
    void aProviderShowsItsStateBudgetAndQuarantine() {
        quarantine.add("twelvedata", "AUD/USD", "invalid symbol");

        JsonNode providers = json(view.trace()).get("providers");

        JsonNode td = providers.get("twelvedata");
        assertThat(keys(td))
                .containsExactly("enabled", "state", "circuit", "budget", "errors", "outdated", "quarantined");
        assertThat(td.get("enabled").asBoolean()).isTrue();
        assertThat(td.get("circuit").asString()).isEqualTo("closed");
        assertThat(keys(td.get("budget"))).containsExactly("minute", "day");
        assertThat(keys(td.get("budget").get("day"))).containsExactly("used", "limit", "start", "end", "byFeed");
        assertThat(td.get("budget").get("day").get("limit").asInt()).isEqualTo(800);
        JsonNode held = td.get("quarantined").get("AUD/USD");
        assertThat(keys(held)).containsExactly("reason", "retryAfter", "strikes");
        assertThat(held.get("retryAfter").asString()).isEqualTo("2030-01-07T11:05:00Z");
        assertThat(held.get("strikes").asInt()).isEqualTo(1);

        JsonNode ms = providers.get("marketstack");
        assertThat(keys(ms))
                .containsExactly(
                        "enabled", "disabledReason", "state", "circuit", "budget", "errors", "outdated", "quarantined");
        assertThat(ms.get("enabled").asBoolean()).isFalse();
        assertThat(ms.get("disabledReason").asString()).isEqualTo("no API key");
    }

    @Test
    void aTimedOutRefreshShowsAsTheFeedsLastRefreshAndTheProvidersLastError() {
        Map<String, RefreshReport.ProviderOutcome> providers = new LinkedHashMap<>();
        providers.put(
                "twelvedata",
                new RefreshReport.ProviderOutcome(
                        Verdict.of(Outcome.AUTH_FAILED), 0, 1, 1, List.of("invalid api key"), 401, List.of()));
        providers.put(
                "frankfurter",
                new RefreshReport.ProviderOutcome(
                        Verdict.Refresh.TIMEOUT, 0, 1, 1, List.of("no answer"), 0, List.of()));
        refreshes.record(
                new RefreshReport(
                        "fx",
                        Purpose.SLOT,
                        T0,
                        Duration.ofMinutes(26),
                        0,
                        RefreshReport.Result.TIMED_OUT,
                        0,
                        List.of("EUR/USD"),
                        providers,
                        List.of(
                                new RefreshReport.ProviderError(
                                        "twelvedata", Verdict.of(Outcome.AUTH_FAILED), 401, "invalid api key"),
                                new RefreshReport.ProviderError(
                                        "frankfurter", Verdict.Refresh.TIMEOUT, 0, "no answer"))),
                T0.plus(Duration.ofMinutes(26)));

        JsonNode trace = json(view.trace());

        JsonNode last = trace.get("feeds").get("fx").get("lastRefresh");
        assertThat(keys(last))
                .containsExactly(
                        "feed", "purpose", "at", "took", "version", "result", "served", "missing", "providers");
        assertThat(keys(last.get("providers"))).as("in the chain's order").containsExactly("twelvedata", "frankfurter");
        JsonNode ff = last.get("providers").get("frankfurter");
        assertThat(keys(ff)).containsExactly("outcome", "served", "batches", "tries", "message");
        assertThat(last.get("result").asString()).isEqualTo("timed out");
        assertThat(ff.get("outcome").asString()).isEqualTo("timeout");
        assertThat(last.get("providers").get("twelvedata").get("outcome").asString())
                .isEqualTo("auth_failed");
        JsonNode error = trace.get("providers").get("frankfurter").get("lastError");
        assertThat(keys(error)).containsExactly("at", "feed", "outcome", "message");
        assertThat(trace.get("providers")
                        .get("twelvedata")
                        .get("lastError")
                        .get("status")
                        .asInt())
                .isEqualTo(401);
        assertThat(error.get("outcome").asString()).isEqualTo("timeout");
        assertThat(error.get("at").asString()).isEqualTo("2030-01-07T10:31:00Z");
        assertThat(keys(trace.get("providers").get("frankfurter")))
                .containsExactly(
                        "enabled", "state", "circuit", "budget", "lastError", "errors", "outdated", "quarantined");
        assertThat(trace.get("feeds").get("indices").has("lastRefresh")).isFalse();
    }

    @Test
    void theBudgetListsTargetPlanAndUsage() {
        JsonNode budget = json(view.budget());

        assertThat(keys(budget)).containsExactly("target", "providers", "usage", "spare");
        assertThat(keys(budget.get("spare"))).containsExactly("enabled", "after", "feeds");
        assertThat(budget.get("spare").get("enabled").asBoolean()).isFalse();
        assertThat(budget.get("target").asDouble()).isEqualTo(0.5);
        assertThat(keys(budget.get("usage"))).containsExactly("twelvedata", "frankfurter", "marketstack");
        assertThat(keys(budget.get("usage").get("frankfurter"))).containsExactly("minute");
    }
}
