package io.quotegate.provider.frankfurter;

import io.quotegate.provider.JsonValues;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderHttp;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.RawResponse;
import io.quotegate.model.ReportedUsage;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.web.util.UriBuilder;
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

    /** Used when {@code quotegate.providers.frankfurter.base-url} is not set. */
    static final String DEFAULT_BASE_URL = "https://api.frankfurter.dev/v1";

    private final ProviderSettings settings;
    private final ProviderHttp http;
    private final FrankfurterPricing pricing;
    private final FrankfurterErrors errors;

    FrankfurterAdapter(ProviderContext context) {
        this.settings = context.settings();
        this.http = context.http();
        this.pricing = new FrankfurterPricing(settings.name());
        this.errors = new FrankfurterErrors(settings.name(), context.clock());
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
            Map<String, CurrencyPair> pairs = new LinkedHashMap<>();
            Map<String, SymbolRejection> rejected = new LinkedHashMap<>();
            for (String feedSymbol : new LinkedHashSet<>(feedSymbols)) {
                String providerSymbol = settings.providerSymbol(feedSymbol, feedSymbol);
                CurrencyPair.parse(providerSymbol).ifPresentOrElse(p -> pairs.put(feedSymbol, p),
                        () -> rejected.put(feedSymbol, new SymbolRejection(Outcome.INVALID_SYMBOLS,
                                providerSymbol + " is not a currency pair")));
            }
            if (pairs.isEmpty()) {
                return Mono.just(new ProviderResponse(Map.of(), rejected, ReportedUsage.NONE));
            }
            String currencies = String.join(",", currencies(pairs.values()));
            return http.get(uri -> requestUri(uri, currencies))
                    .flatMap(raw -> read(raw, pairs, rejected));
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

    URI requestUri(UriBuilder uri, String currencies) {
        if (settings.baseUrl() == null || settings.baseUrl().isBlank()) {
            URI base = URI.create(DEFAULT_BASE_URL);
            uri.scheme(base.getScheme()).host(base.getHost()).path(base.getPath());
        }
        return uri.path("/latest")
                .queryParam("base", CurrencyPair.USD)
                .queryParam("symbols", currencies)
                .build();
    }

    private Mono<ProviderResponse> read(RawResponse raw, Map<String, CurrencyPair> pairs,
                                        Map<String, SymbolRejection> rejected) {
        try {
            Optional<JsonNode> root = raw.looksLikeJson() ? JsonValues.read(raw.body()) : Optional.empty();
            if (!raw.isSuccess() || root.isEmpty()) {
                return Mono.error(errors.classify(raw, root, pairs.keySet()));
            }
            FrankfurterRates rates = FrankfurterRates.parse(root.get(), name());
            return Mono.just(pricing.price(rates, pairs, rejected));
        } catch (ProviderException e) {
            return Mono.error(e);
        } catch (RuntimeException e) {
            return Mono.error(ProviderException.malformed(http.redactor().redact(
                    name() + ": could not read the response: " + e.getClass().getSimpleName() + ": " + e.getMessage())));
        }
    }
}
