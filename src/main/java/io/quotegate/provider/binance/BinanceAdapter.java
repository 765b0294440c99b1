package io.quotegate.provider.binance;

import io.quotegate.model.ReportedUsage;
import io.quotegate.model.Window;
import io.quotegate.provider.JsonValues;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderHttp;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.RawResponse;
import io.quotegate.provider.SymbolBatch;
import java.time.Clock;
import java.util.List;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Fetches a batch with one {@code GET /api/v3/ticker/24hr?symbols=["BTCUSDT","ETHUSDT"]} (weight 2 for
 * 1–20 symbols). The array always goes in {@code symbols}, also for one symbol (same weight); putting an
 * array in {@code symbol} fails with -1100. {@code X-MBX-USED-WEIGHT-1M} is reported as minute usage.
 *
 * <p>Feed symbols whose Binance symbol cannot be valid are rejected without being sent; when none is
 * left, no request is made. Symbols missing from the answer are rejected as invalid.
 */
final class BinanceAdapter implements ProviderAdapter {

    static final String PATH = "/api/v3/ticker/24hr";
    static final String USED_WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M";

    private final ProviderSettings settings;
    private final ProviderHttp http;
    private final Clock clock;

    BinanceAdapter(ProviderSettings settings, ProviderHttp http, Clock clock) {
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
            SymbolBatch batch = BinanceSymbols.RULES.batch(feedSymbols, settings);
            if (batch.isEmpty()) {
                return Mono.just(batch.unsent());
            }
            // A literal query value is template-encoded: [ " ] become %5B %22 %5D, commas stay, as Binance documents.
            return http.get(uri -> uri.path(PATH)
                            .queryParam("symbols", BinanceSymbols.symbolsParam(batch))
                            .build())
                    .flatMap(raw -> raw.read(r -> read(r, batch)));
        });
    }

    private ProviderResponse read(RawResponse raw, SymbolBatch batch) {
        JsonNode body = JsonValues.container(raw.body());
        if (!raw.isSuccess() || (body != null && BinanceTickerParser.isError(body))) {
            throw BinanceErrors.classify(raw, body, batch, http.redactor(), clock);
        }
        if (body == null) {
            throw BinanceErrors.unreadable(raw, http.redactor());
        }
        return BinanceTickerParser.parse(body, batch, usage(raw), clock.instant(), settings.name());
    }

    private static ReportedUsage usage(RawResponse raw) {
        var used = raw.longHeader(USED_WEIGHT_HEADER);
        return used.isPresent() ? ReportedUsage.of(Window.MINUTE, used.getAsLong()) : ReportedUsage.NONE;
    }
}
