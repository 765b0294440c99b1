package io.quotegate.provider.frankfurter;

import io.quotegate.provider.JsonValues;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderHttp;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.RawResponse;
import io.quotegate.provider.SymbolBatch;
import io.quotegate.provider.SymbolRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Speaks Frankfurter v1: one {@code GET {base-url}/latest?base=USD&symbols=EUR,GBP,JPY} per batch,
 * asking for every non-USD currency the batch's pairs need, then pricing each pair from the USD
 * rates ({@link FrankfurterPricing}), crosses included. v1 was chosen over v2 {@code /rates}
 * because v1 is frozen ("kept indefinitely") and answers one object with a {@code rates} map.
 *
 * <p>Feed symbols are pairs such as {@code EUR/USD}; {@code quotegate.providers.frankfurter.symbols}
 * may map a feed symbol to another pair (e.g. {@code CNH/USD: CNY/USD}). Symbols that are not pairs
 * are rejected as {@link Outcome#INVALID_SYMBOLS} without being sent.
 */
final class FrankfurterAdapter implements ProviderAdapter {

    /** Pairs in any accepted spelling ({@code eurusd}, {@code EUR-USD}) are sent as {@code EUR/USD}. */
    static final SymbolRules RULES = SymbolRules.identity()
            .normalize(s -> CurrencyPair.parse(s).map(CurrencyPair::toString).orElse(s.trim()))
            .sendsOnly(s -> CurrencyPair.parse(s).isPresent(), s -> s + " is not a currency pair");

    private final ProviderSettings settings;
    private final ProviderHttp http;
    private final FrankfurterPricing pricing;
    private final FrankfurterErrors errors;

    FrankfurterAdapter(ProviderContext context) {
        this.settings = context.settings();
        this.http = context.http();
        this.pricing = new FrankfurterPricing(settings.name());
        this.errors = new FrankfurterErrors(settings.name(), http.redactor(), context.clock());
    }

    @Override
    public String name() {
        return settings.name();
    }

    /**
     * Prices the batch with one request. When no symbol of the batch is a currency pair, no
     * request is made and every symbol is rejected.
     */
    @Override
    public Mono<ProviderResponse> fetch(List<String> feedSymbols) {
        return Mono.defer(() -> {
            SymbolBatch batch = RULES.batch(feedSymbols, settings);
            if (batch.isEmpty()) {
                return Mono.just(batch.unsent());
            }
            Map<String, CurrencyPair> pairs = new LinkedHashMap<>();
            batch.feedSymbolsByProviderSymbol()
                    .forEach((pair, feeds) -> feeds.forEach(
                            feed -> pairs.put(feed, CurrencyPair.parse(pair).orElseThrow())));
            String currencies = String.join(",", currencies(pairs.values()));
            return http.get(uri -> uri.path("/latest")
                            .queryParam("base", CurrencyPair.USD)
                            .queryParam("symbols", currencies)
                            .build())
                    .flatMap(raw -> raw.read(r -> read(r, pairs, batch.rejected())));
        });
    }

    /** The non-USD currencies the pairs need, sorted so equal batches make equal (cacheable) URLs. */
    static Set<String> currencies(Iterable<CurrencyPair> pairs) {
        Set<String> out = new TreeSet<>();
        for (CurrencyPair pair : pairs) {
            out.add(pair.base());
            out.add(pair.quote());
        }
        out.remove(CurrencyPair.USD);
        return out;
    }

    /** Prices the answer; a failure is thrown as a {@link ProviderException} (a crash is the caller's MALFORMED). */
    private ProviderResponse read(
            RawResponse raw, Map<String, CurrencyPair> pairs, Map<String, SymbolRejection> rejected) {
        Optional<JsonNode> root = raw.looksLikeJson() ? JsonValues.read(raw.body()) : Optional.empty();
        if (!raw.isSuccess() || root.isEmpty()) {
            throw errors.classify(raw, root, pairs.keySet());
        }
        return pricing.price(FrankfurterRates.parse(root.get(), name()), pairs, rejected);
    }
}
