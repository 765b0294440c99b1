package io.quotegate.provider.coingecko;

import io.quotegate.provider.JsonValues;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderHttp;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.RawResponse;
import io.quotegate.provider.SymbolBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Fetches a batch with one
 * {@code GET /simple/price?ids=bitcoin,ethereum&vs_currencies=usd&include_24hr_change=true&include_last_updated_at=true}
 * (1 credit per call). With a key it sends {@code x-cg-demo-api-key}, or {@code x-cg-pro-api-key} when the
 * base URL is the Pro root {@code pro-api.coingecko.com} (a key on the wrong root fails with 10010/10011);
 * the key never goes in the query string. CoinGecko sends no usage headers.
 *
 * <p>Feed symbols that cannot be served (not USD, impossible id) are rejected without being sent; when
 * none is left, no request is made.
 */
final class CoinGeckoAdapter implements ProviderAdapter {

    static final String PATH = "/simple/price";
    static final String DEMO_KEY_HEADER = "x-cg-demo-api-key";
    static final String PRO_KEY_HEADER = "x-cg-pro-api-key";

    private final ProviderSettings settings;
    private final ProviderHttp http;
    private final Clock clock;

    CoinGeckoAdapter(ProviderSettings settings, ProviderHttp http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    /**
     * CoinGecko's public and Demo plans serve prices from a cache refreshed about once a minute, and a
     * coin's {@code last_updated_at} trails that by a few more: five minutes of honest lag.
     */
    @Override
    public Duration delay() {
        return Duration.ofMinutes(5);
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public Mono<ProviderResponse> fetch(List<String> feedSymbols) {
        return Mono.defer(() -> {
            SymbolBatch batch = CoinGeckoSymbols.RULES.batch(feedSymbols, settings);
            if (batch.isEmpty()) {
                return Mono.just(batch.unsent());
            }
            return http.get(
                            uri -> uri.path(PATH)
                                    .queryParam("ids", batch.joined(","))
                                    .queryParam("vs_currencies", "usd")
                                    .queryParam("include_24hr_change", "true")
                                    .queryParam("include_last_updated_at", "true")
                                    .build(),
                            headers -> {
                                if (settings.hasApiKey()) {
                                    headers.set(keyHeader(settings.baseUrl()), settings.apiKey());
                                }
                            })
                    .flatMap(raw -> raw.read(r -> read(r, batch)));
        });
    }

    static String keyHeader(@Nullable String baseUrl) {
        return baseUrl != null && baseUrl.contains("pro-api.coingecko.com") ? PRO_KEY_HEADER : DEMO_KEY_HEADER;
    }

    private ProviderResponse read(RawResponse raw, SymbolBatch batch) {
        JsonNode body = JsonValues.container(raw.body());
        if (!raw.isSuccess() || (body != null && CoinGeckoErrors.isError(body, batch))) {
            throw CoinGeckoErrors.classify(raw, body, http.redactor(), clock);
        }
        if (body == null || !body.isObject()) {
            throw CoinGeckoErrors.unreadable(raw, http.redactor());
        }
        return CoinGeckoPriceParser.parse(body, batch, clock.instant(), settings.name());
    }
}
