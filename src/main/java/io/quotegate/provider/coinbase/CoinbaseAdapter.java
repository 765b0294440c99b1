package io.quotegate.provider.coinbase;

import io.quotegate.provider.JsonValues;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderHttp;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.QueryLength;
import io.quotegate.provider.RawResponse;
import io.quotegate.provider.SymbolBatch;
import java.time.Clock;
import java.util.List;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Fetches a batch with one
 * {@code GET /api/v3/brokerage/market/products?product_ids=BTC-USD&product_ids=ETH-USD} (Advanced Trade's
 * public market data: no key, one request per call, 10 requests a second per IP). The ids repeat the
 * {@code product_ids} parameter, as the official SDK sends them; batches are {@linkplain #split split} so
 * that the query stays within {@code max-query-length}. Coinbase sends no usage headers.
 *
 * <p><b>Time of a quote.</b> A product carries no time for its {@code price}: the endpoint's contract is
 * the product's current price (public answers are cached for about a second). A quote's {@code asOf} is
 * therefore the answer's HTTP {@code Date} header, when present, and else the time the answer was received.
 */
final class CoinbaseAdapter implements ProviderAdapter {

    static final String PATH = "/api/v3/brokerage/market/products";
    static final String PARAM = "product_ids";

    private final ProviderSettings settings;
    private final ProviderHttp http;
    private final Clock clock;

    CoinbaseAdapter(ProviderSettings settings, ProviderHttp http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String name() {
        return settings.name();
    }

    /** Parts whose {@code product_ids=A&product_ids=B...} fits {@code max-query-length}. */
    @Override
    public List<List<String>> split(List<String> feedSymbols) {
        SymbolBatch batch = CoinbaseProducts.RULES.batch(feedSymbols, settings);
        return QueryLength.split(
                feedSymbols,
                settings.maxQueryLength(),
                0,
                feed -> batch.rejected().containsKey(feed)
                        ? 0
                        : PARAM.length()
                                + 2
                                + CoinbaseProducts.RULES
                                        .providerSymbol(feed, settings)
                                        .length());
    }

    @Override
    public Mono<ProviderResponse> fetch(List<String> feedSymbols) {
        return Mono.defer(() -> {
            SymbolBatch batch = CoinbaseProducts.RULES.batch(feedSymbols, settings);
            if (batch.isEmpty()) {
                return Mono.just(batch.unsent());
            }
            return http.get(uri -> uri.path(PATH)
                            .queryParam(PARAM, batch.providerSymbols().toArray())
                            .build())
                    .flatMap(raw -> raw.read(r -> read(r, batch)));
        });
    }

    private ProviderResponse read(RawResponse raw, SymbolBatch batch) {
        if (!raw.isSuccess()) {
            throw CoinbaseErrors.classify(raw, batch, http.redactor(), clock);
        }
        JsonNode body = JsonValues.container(raw.body());
        JsonNode products = body == null ? null : body.get("products");
        if (products == null || !products.isArray()) {
            throw CoinbaseErrors.unreadable(raw, http.redactor());
        }
        return CoinbaseProductsParser.parse(products, batch, raw.date().orElseGet(clock::instant), settings.name());
    }
}
