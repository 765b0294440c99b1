package io.quotegate.provider.alpaca;

import io.quotegate.provider.JsonValues;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderHttp;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.RawResponse;
import io.quotegate.provider.SymbolBatch;
import java.time.Clock;
import java.util.List;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Fetches a batch with one {@code GET /v2/stocks/snapshots?symbols=AAPL,MSFT&feed=iex}: the free plan's
 * real-time feed is IEX (the consolidated SIP feed needs a paid plan and answers 403 without one). One call
 * serves the batch and counts once against the account's 200 calls a minute; Alpaca's
 * {@code X-RateLimit-*} headers, when sent, are reported as the minute's usage ({@link AlpacaUsage}).
 *
 * <p>The key pair goes in the {@code APCA-API-KEY-ID} and {@code APCA-API-SECRET-KEY} headers, never in the
 * URL, and is read from the settings for every request, so a key changed while the service runs is used
 * from the next call on.
 */
final class AlpacaAdapter implements ProviderAdapter {

    static final String PATH = "/v2/stocks/snapshots";
    static final String FEED = "iex";
    static final String KEY_HEADER = "APCA-API-KEY-ID";
    static final String SECRET_HEADER = "APCA-API-SECRET-KEY";

    private final ProviderSettings settings;
    private final ProviderHttp http;
    private final Clock clock;

    AlpacaAdapter(ProviderSettings settings, ProviderHttp http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String name() {
        return settings.name();
    }

    @Override
    public Mono<ProviderResponse> fetch(List<String> feedSymbols) {
        return Mono.defer(() -> {
            SymbolBatch batch = AlpacaSymbols.RULES.batch(feedSymbols, settings);
            if (batch.isEmpty()) {
                return Mono.just(batch.unsent());
            }
            return http.get(
                            uri -> uri.path(PATH)
                                    .queryParam("symbols", batch.joined(","))
                                    .queryParam("feed", FEED)
                                    .build(),
                            this::authorize)
                    .flatMap(raw -> raw.read(r -> read(r, batch)));
        });
    }

    private void authorize(HttpHeaders headers) {
        String key = settings.apiKey();
        String secret = settings.apiSecret();
        if (key != null && !key.isBlank()) {
            headers.set(KEY_HEADER, key.trim());
        }
        if (secret != null && !secret.isBlank()) {
            headers.set(SECRET_HEADER, secret.trim());
        }
    }

    private ProviderResponse read(RawResponse raw, SymbolBatch batch) {
        if (!raw.isSuccess()) {
            throw AlpacaErrors.classify(raw, batch, http.redactor(), clock);
        }
        JsonNode body = JsonValues.container(raw.body());
        if (body == null || !body.isObject()) {
            throw AlpacaErrors.unreadable(raw, http.redactor());
        }
        return AlpacaSnapshotParser.parse(body, batch, AlpacaUsage.of(raw), settings.name());
    }
}
