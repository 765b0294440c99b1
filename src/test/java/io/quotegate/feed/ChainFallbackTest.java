package io.quotegate.feed;

import static io.quotegate.feed.RefreshRig.budget;
import static io.quotegate.feed.RefreshRig.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.cache.CachedSnapshot;
import io.quotegate.model.Priority;
import io.quotegate.model.Quote;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** Symbols a provider could not serve go down the chain; symbols nobody served keep their last quote, stale. */
class ChainFallbackTest {

    private static final List<String> FX = List.of("EUR/USD", "GBP/USD", "USD/JPY", "USD/CHF", "AUD/USD");

    private final RefreshRig rig = RefreshRig.builder()
            .feed(feed("fx", Priority.CRITICAL, FX, "twelvedata", "frankfurter"))
            .provider(budget("twelvedata", "per-symbol", 100, 800, null))
            .provider(budget("frankfurter", "per-call", 60, null, null))
            .build();
    private final FakeAdapter twelvedata = rig.adapter("twelvedata");
    private final FakeAdapter frankfurter = rig.adapter("frankfurter");

    @Test
    void symbolsThePrimaryRejectsOrOmitsAreFetchedFromTheNextProviderOnly() {
        twelvedata.then(batch -> Mono.just(twelvedata.serving(
                List.of("EUR/USD", "GBP/USD", "USD/JPY"),
                Map.of("USD/CHF", FakeAdapter.rejection(Outcome.INVALID_SYMBOLS)))));

        CachedSnapshot v1 = rig.refreshNow("fx").orElseThrow();

        assertThat(twelvedata.calls()).containsExactly(FX);
        assertThat(frankfurter.calls()).containsExactly(List.of("USD/CHF", "AUD/USD"));
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.stale()).isFalse();
        assertThat(v1.snapshot().source()).isEqualTo("twelvedata");
        assertThat(sources(v1))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "EUR/USD",
                        "twelvedata",
                        "GBP/USD",
                        "twelvedata",
                        "USD/JPY",
                        "twelvedata",
                        "USD/CHF",
                        "frankfurter",
                        "AUD/USD",
                        "frankfurter"));
        assertThat(v1.snapshot().data()).extracting(Quote::symbol).containsExactlyElementsOf(FX);
        assertThat(v1.snapshot().data()).noneMatch(Quote::stale);
        assertThat(rig.store.latest("fx")).contains(v1.snapshot());

        RefreshReport report = rig.report("fx");
        assertThat(report.missing()).isEmpty();
        assertThat(report.served()).isEqualTo(5);
        assertThat(rig.outcome("fx", "twelvedata").outcome()).isEqualTo(Verdict.Refresh.PARTIAL);
        assertThat(rig.outcome("fx", "twelvedata").served()).isEqualTo(3);
        assertThat(rig.outcome("fx", "frankfurter").outcome()).isEqualTo(Verdict.OK);
        assertThat(rig.outcome("fx", "frankfurter").served()).isEqualTo(2);
    }

    @Test
    void theSnapshotSourceIsTheProviderThatServedMostQuotes() {
        twelvedata.thenServeOnly("EUR/USD");

        CachedSnapshot v1 = rig.refreshNow("fx").orElseThrow();

        assertThat(frankfurter.calls()).containsExactly(FX.subList(1, 5));
        assertThat(v1.snapshot().source()).isEqualTo("frankfurter");
        assertThat(sources(v1)).containsEntry("EUR/USD", "twelvedata").containsEntry("AUD/USD", "frankfurter");
    }

    @Test
    void aProviderThatServesEverythingLeavesTheRestOfTheChainUnasked() {
        CachedSnapshot v1 = rig.refreshNow("fx").orElseThrow();

        assertThat(frankfurter.callCount()).isZero();
        assertThat(v1.snapshot().source()).isEqualTo("twelvedata");
        assertThat(rig.report("fx").providers()).containsOnlyKeys("twelvedata");
    }

    @Test
    void symbolsNobodyServedKeepTheirLastQuoteMarkedStaleWithItsOriginalTime() {
        Instant first = rig.clock.instant();
        rig.refreshNow("fx").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(30));
        Instant second = rig.clock.instant();
        twelvedata.thenServeOnly("EUR/USD", "GBP/USD");
        frankfurter.thenFail(ProviderException.of(Outcome.AUTH_FAILED, "frankfurter said no"));

        CachedSnapshot v2 = rig.refreshNow("fx").orElseThrow();

        assertThat(frankfurter.calls()).containsExactly(List.of("USD/JPY", "USD/CHF", "AUD/USD"));
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.stale()).isTrue();
        assertThat(v2.snapshot().source()).isEqualTo("twelvedata");
        Map<String, Quote> bySymbol = bySymbol(v2);
        assertThat(bySymbol).containsOnlyKeys(FX);
        for (String fresh : List.of("EUR/USD", "GBP/USD")) {
            assertThat(bySymbol.get(fresh).stale()).as(fresh).isFalse();
            assertThat(bySymbol.get(fresh).asOf()).as(fresh).isEqualTo(second);
        }
        for (String kept : List.of("USD/JPY", "USD/CHF", "AUD/USD")) {
            assertThat(bySymbol.get(kept).stale()).as(kept).isTrue();
            assertThat(bySymbol.get(kept).asOf())
                    .as(kept + " keeps the time it was served")
                    .isEqualTo(first);
            assertThat(bySymbol.get(kept).source()).as(kept).isEqualTo("twelvedata");
        }
        RefreshReport report = rig.report("fx");
        assertThat(report.version()).isEqualTo(2);
        assertThat(report.missing()).containsExactly("USD/JPY", "USD/CHF", "AUD/USD");
        assertThat(rig.outcome("fx", "twelvedata").served()).isEqualTo(2);
        assertThat(rig.outcome("fx", "frankfurter").outcome()).isEqualTo(Verdict.of(Outcome.AUTH_FAILED));
        assertThat(rig.outcome("fx", "frankfurter").served()).isZero();
    }

    @Test
    void whenNobodyServesAfterAFirstSuccessTheNextVersionIsAllStaleWithSourceFallback() {
        rig.refreshNow("fx").orElseThrow();
        rig.clock.advance(Duration.ofMinutes(30));
        twelvedata.thenFail(ProviderException.of(Outcome.AUTH_FAILED, "bad key"));
        frankfurter.thenFail(ProviderException.malformed("not json"));

        CachedSnapshot v2 = rig.refreshNow("fx").orElseThrow();

        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.stale()).isTrue();
        assertThat(v2.snapshot().data()).hasSize(FX.size()).allMatch(Quote::stale);
        assertThat(v2.snapshot().source()).isEqualTo("fallback");
        assertThat(rig.report("fx").missing()).containsExactlyElementsOf(FX);
        assertThat(rig.outcome("fx", "twelvedata").outcome()).isEqualTo(Verdict.of(Outcome.AUTH_FAILED));
        assertThat(rig.outcome("fx", "frankfurter").outcome()).isEqualTo(Verdict.of(Outcome.MALFORMED));
        assertThat(rig.store.read("fx")).map(CachedSnapshot::version).contains(2L);
    }

    @Test
    void aRejectionThatIsNotAboutTheSymbolStillFallsThroughToTheNextProvider() {
        twelvedata.then(batch -> Mono.just(twelvedata.serving(
                List.of("EUR/USD", "GBP/USD", "USD/JPY", "USD/CHF"),
                Map.of("AUD/USD", new SymbolRejection(Outcome.RATE_LIMITED, "slow down")))));

        CachedSnapshot v1 = rig.refreshNow("fx").orElseThrow();

        assertThat(frankfurter.calls()).containsExactly(List.of("AUD/USD"));
        assertThat(bySymbol(v1).get("AUD/USD").source()).isEqualTo("frankfurter");
        assertThat(rig.outcome("fx", "twelvedata").message()).contains("AUD/USD");
    }

    private static Map<String, String> sources(CachedSnapshot s) {
        return s.snapshot().data().stream().collect(Collectors.toMap(Quote::symbol, Quote::source));
    }

    private static Map<String, Quote> bySymbol(CachedSnapshot s) {
        return s.snapshot().data().stream().collect(Collectors.toMap(Quote::symbol, Function.identity()));
    }
}
