package io.quotegate.provider.marketstack;

import io.quotegate.provider.JsonValues;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderHttp;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.RawResponse;
import io.quotegate.model.ReportedUsage;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.util.UriBuilder;
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

    /** Used when {@code quotegate.providers.marketstack.base-url} is not set. */
    static final String DEFAULT_BASE_URL = "https://api.marketstack.com/v2";

    private final ProviderSettings settings;
    private final ProviderHttp http;
    private final MarketstackSymbols symbols;
    private final MarketstackParser parser;
    private final MarketstackErrors errors;

    MarketstackAdapter(ProviderContext context) {
        this.settings = context.settings();
        this.http = context.http();
        this.symbols = new MarketstackSymbols(settings);
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
            Set<String> batch = new LinkedHashSet<>(feedSymbols);
            if (batch.isEmpty()) {
                return Mono.just(ProviderResponse.of(Map.of()));
            }
            Map<String, List<String>> byTicker = symbols.byTicker(batch);
            String tickers = String.join(",", byTicker.keySet());
            return http.get(uri -> requestUri(uri, tickers))
                    .flatMap(raw -> read(raw, byTicker, batch));
        });
    }

    /** {@code {base}/eod/latest?symbols=..&access_key=..}; the key is a strictly encoded URI variable. */
    URI requestUri(UriBuilder uri, String tickers) {
        if (settings.baseUrl() == null || settings.baseUrl().isBlank()) {
            URI base = URI.create(DEFAULT_BASE_URL);
            uri.scheme(base.getScheme()).host(base.getHost()).path(base.getPath());
        }
        return uri.path("/eod/latest")
                .queryParam("symbols", tickers)
                .queryParam("access_key", "{key}")
                .build(Optional.ofNullable(settings.apiKey()).orElse(""));
    }

    private Mono<ProviderResponse> read(RawResponse raw, Map<String, List<String>> byTicker, Set<String> batch) {
        try {
            Optional<JsonNode> root = raw.looksLikeJson() ? JsonValues.read(raw.body()) : Optional.empty();
            if (root.isPresent() && MarketstackErrors.isError(root.get())) {
                return Mono.error(errors.fromEnvelope(raw, root.get(), batch));
            }
            if (!raw.isSuccess() || root.isEmpty()) {
                return Mono.error(errors.fromBody(raw, batch));
            }
            return Mono.just(parser.parse(root.get(), byTicker));
        } catch (ProviderException e) {
            return Mono.error(e);
        } catch (RuntimeException e) {
            return Mono.error(ProviderException.malformed(http.redactor().redact(
                    name() + ": could not read the response: " + e.getClass().getSimpleName() + ": " + e.getMessage())));
        }
    }
}
