package io.quotegate.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Quote;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.jspecify.annotations.Nullable;

/**
 * The corpus of upstream answers recorded by others from the real APIs
 * ({@code src/test/resources/recorded/<provider>/}, provenance in each folder's README), and what an
 * adapter must make of each. A provider's test lists one {@link Expect} per recorded file; {@link #check}
 * serves the file (its recorded status and headers, the body byte for byte) as the answer to the adapter's
 * request and compares exactly what is served, refused or failed.
 */
public final class RecordedAnswers {

    private static final Duration WAIT = Duration.ofSeconds(15);

    private RecordedAnswers() {}

    /** The files of a provider's corpus, as its {@code cases.json} lists them. */
    public static Set<String> files(String provider) {
        Set<String> out = new LinkedHashSet<>();
        RecordedCase.all(provider).forEach(c -> out.add(c.file()));
        return out;
    }

    /** One recorded answer as MockWebServer serves it ({@link RecordedCase#response()}). */
    public static MockResponse response(String provider, String file) {
        return RecordedCase.all(provider).stream()
                .filter(c -> c.file().equals(file))
                .findFirst()
                .orElseThrow(() -> new AssertionError(file + " is not in recorded/" + provider + "/cases.json"))
                .response();
    }

    /** A quote the adapter must serve: its exact price (scale included) and time. */
    public record Served(BigDecimal price, Instant asOf) {}

    /**
     * What an adapter must make of one recorded file when asked for {@code ask} (feed symbols, with symbol
     * {@code overrides} where the recording's instrument has no default mapping): exactly these quotes and
     * these refused symbols, or exactly this failure of the whole call.
     */
    public record Expect(
            String file,
            List<String> ask,
            Map<String, String> overrides,
            Map<String, Served> served,
            Map<String, Outcome> rejected,
            @Nullable Outcome failure,
            @Nullable String says) {

        public static Expect given(String file, String... ask) {
            return new Expect(file, List.of(ask), Map.of(), Map.of(), Map.of(), null, null);
        }

        public Expect mapping(String feedSymbol, String providerSymbol) {
            Map<String, String> o = new LinkedHashMap<>(overrides);
            o.put(feedSymbol, providerSymbol);
            return new Expect(file, ask, o, served, rejected, failure, says);
        }

        public Expect serves(String symbol, String price, Instant asOf) {
            Map<String, Served> s = new LinkedHashMap<>(served);
            s.put(symbol, new Served(new BigDecimal(price), asOf));
            return new Expect(file, ask, overrides, s, rejected, failure, says);
        }

        public Expect rejects(String symbol, Outcome outcome) {
            Map<String, Outcome> r = new LinkedHashMap<>(rejected);
            r.put(symbol, outcome);
            return new Expect(file, ask, overrides, served, r, failure, says);
        }

        public Expect fails(Outcome outcome) {
            return new Expect(file, ask, overrides, served, rejected, outcome, says);
        }

        /** The rejection's or failure's message must contain this. */
        public Expect saying(String text) {
            return new Expect(file, ask, overrides, served, rejected, failure, text);
        }

        @Override
        public String toString() {
            return file + " asked " + ask;
        }
    }

    /** Serves the file to the adapter built for the expectation's overrides, and compares. */
    public static void check(
            String provider, Expect e, MockWebServer server, Function<Map<String, String>, ProviderAdapter> adapter) {
        server.enqueue(response(provider, e.file()));
        AtomicReference<ProviderResponse> answered = new AtomicReference<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        adapter.apply(e.overrides())
                .fetch(e.ask())
                .doOnNext(answered::set)
                .doOnError(failed::set)
                .onErrorComplete()
                .block(WAIT);
        if (e.failure() != null) {
            assertThat(failed.get())
                    .as("%s: the whole call fails (answered %s)", e, answered.get())
                    .isInstanceOf(ProviderException.class);
            ProviderException f = (ProviderException) failed.get();
            assertThat(f.outcome()).as("%s: %s", e, f.getMessage()).isEqualTo(e.failure());
            if (e.says() != null) {
                assertThat(f.getMessage()).as("%s", e).contains(e.says());
            }
            return;
        }
        assertThat(failed.get()).as("%s: no failure", e).isNull();
        ProviderResponse r = answered.get();
        assertThat(r).as("%s: an answer", e).isNotNull();
        Map<String, Served> got = new LinkedHashMap<>();
        r.quotes().forEach((symbol, q) -> got.put(symbol, new Served(q.price(), q.asOf())));
        assertThat(got).as("%s: served", e).containsExactlyInAnyOrderEntriesOf(e.served());
        r.quotes().forEach((symbol, q) -> assertThat(q.symbol()).as("%s", e).isEqualTo(symbol));
        Map<String, Outcome> refused = new LinkedHashMap<>();
        r.rejected().forEach((symbol, why) -> refused.put(symbol, why.outcome()));
        assertThat(refused).as("%s: refused (%s)", e, r.rejected()).containsExactlyInAnyOrderEntriesOf(e.rejected());
        if (e.says() != null) {
            assertThat(r.rejected().values())
                    .as("%s", e)
                    .anySatisfy(why -> assertThat(why.message()).contains(e.says()));
        }
    }

    /** The quote the adapter served for a symbol, for checks beyond price and time. */
    public static Quote quote(ProviderResponse r, String symbol) {
        Quote q = r.quotes().get(symbol);
        assertThat(q).as("served %s", symbol).isNotNull();
        return q;
    }
}
