package io.quotegate.provider.marketstack;

import io.quotegate.model.ReportedUsage;
import io.quotegate.provider.JsonValues;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderHttp;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.RawResponse;
import io.quotegate.provider.SymbolBatch;
import java.util.List;
import java.util.Optional;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Speaks Marketstack's dialect: one {@code GET {base-url}/eod/latest?symbols=A,B&access_key=KEY}
 * per batch (at most 100 tickers, Marketstack's documented cap). EOD bars were chosen over
 * {@code /indexinfo} (one index per call, a request each) and {@code /intraday/latest} (paid
 * plans), so one request serves a whole batch of indices on the free plan.
 *
 * <p>The key can only travel in the query string, so no message built here contains the URL, and
 * every message built from a response passes through the {@link io.quotegate.logging.KeyRedactor}.
 * Marketstack sends no usage headers, so {@link ReportedUsage#NONE} is reported.
 */
final class MarketstackAdapter implements ProviderAdapter {

    private final ProviderSettings settings;
    private final ProviderHttp http;
    private final MarketstackParser parser;
    private final MarketstackErrors errors;

    MarketstackAdapter(ProviderContext context) {
        this.settings = context.settings();
        this.http = context.http();
        this.parser = new MarketstackParser(settings.name());
        this.errors = new MarketstackErrors(settings.name(), http.redactor(), context.clock());
    }

    @Override
    public String name() {
        return settings.name();
    }

    /**
     * Fetches the latest EOD bar of every symbol of the batch with one request. An empty batch
     * makes no request and answers with no quotes.
     */
    @Override
    public Mono<ProviderResponse> fetch(List<String> feedSymbols) {
        return Mono.defer(() -> {
            SymbolBatch batch = MarketstackSymbols.RULES.batch(feedSymbols, settings);
            if (batch.isEmpty()) {
                return Mono.just(batch.unsent());
            }
            return http.get(uri -> uri.path("/eod/latest")
                            .queryParam("symbols", batch.joined(","))
                            .queryParam("access_key", "{key}") // a strictly encoded URI variable
                            .build(Optional.ofNullable(settings.apiKey()).orElse("")))
                    .flatMap(raw -> raw.read(r -> read(r, batch)));
        });
    }

    /** Reads the answer; a failure is thrown as a {@link ProviderException} (a crash is the caller's MALFORMED). */
    private ProviderResponse read(RawResponse raw, SymbolBatch batch) {
        Optional<JsonNode> root = raw.looksLikeJson() ? JsonValues.read(raw.body()) : Optional.empty();
        if (root.isPresent() && MarketstackErrors.isError(root.get())) {
            throw errors.fromEnvelope(raw, root.get(), batch.sentFeedSymbols());
        }
        if (!raw.isSuccess() || root.isEmpty()) {
            throw errors.fromBody(raw, batch.sentFeedSymbols());
        }
        return parser.parse(root.get(), batch.feedSymbolsByProviderSymbol());
    }
}
