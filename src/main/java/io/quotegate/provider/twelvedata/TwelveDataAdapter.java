package io.quotegate.provider.twelvedata;

import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderHttp;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.SymbolBatch;
import io.quotegate.provider.SymbolRules;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;

/**
 * Twelve Data's dialect: one {@code GET /quote?symbol=A,B,C} per batch (price, change and percent
 * change in one call, 1 credit per symbol), the key in {@code Authorization: apikey <key>}.
 * Reading the answer is {@link ResponseParser}'s job; failures are signalled, never thrown.
 */
final class TwelveDataAdapter implements ProviderAdapter {

    static final String PATH = "/quote";

    private final ProviderSettings settings;
    private final ProviderHttp http;
    private final ResponseParser parser;

    TwelveDataAdapter(ProviderContext context) {
        this.settings = context.settings();
        this.http = context.http();
        this.parser = new ResponseParser(new ErrorClassifier(http.redactor(), context.clock()), new QuoteReader());
    }

    @Override
    public String name() {
        return settings.name();
    }

    /**
     * Fetches one batch. An empty batch sends nothing: {@code /quote?symbol=} is an error that would
     * still count against the limits.
     */
    @Override
    public Mono<ProviderResponse> fetch(List<String> feedSymbols) {
        return Mono.defer(() -> {
            SymbolBatch mapping = SymbolRules.identity().batch(feedSymbols, settings);
            if (mapping.isEmpty()) {
                return Mono.just(mapping.unsent());
            }
            return http.get(
                            uri -> uri.path(PATH)
                                    .queryParam("symbol", "{symbols}")
                                    .build(Map.of("symbols", mapping.joined(","))),
                            this::authorize)
                    .flatMap(raw -> raw.read(r -> parser.parse(r, mapping)));
        });
    }

    /** The key goes in a header, never in the URL, so it cannot leak through logged or traced URLs. */
    private void authorize(HttpHeaders headers) {
        String key = settings.apiKey();
        if (key != null && !key.isBlank()) {
            headers.set(HttpHeaders.AUTHORIZATION, "apikey " + key.trim());
        }
    }
}
