package io.quotegate.provider.fallback;

import io.quotegate.model.Quote;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderFactory;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import io.quotegate.provider.ProviderSettings;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The {@code static} provider: configured last-resort values ({@code quotegate.providers.static.values}),
 * served with source {@code fallback} and marked stale, because they are not live prices.
 * It makes no network call and costs nothing.
 */
@Component
class StaticProviderFactory implements ProviderFactory {

    static final String SOURCE = "fallback";

    @Override
    public String name() {
        return "static";
    }

    @Override
    public boolean inProcess() {
        return true;
    }

    @Override
    public ProviderAdapter create(ProviderContext context) {
        return new StaticAdapter(context.settings(), context.clock());
    }

    static final class StaticAdapter implements ProviderAdapter {
        private final ProviderSettings settings;
        private final Clock clock;

        StaticAdapter(ProviderSettings settings, Clock clock) {
            this.settings = settings;
            this.clock = clock;
        }

        @Override
        public String name() {
            return settings.name();
        }

        @Override
        public boolean lastResort() {
            return true;
        }

        @Override
        public Mono<ProviderResponse> fetch(List<String> feedSymbols) {
            return Mono.fromSupplier(() -> {
                Map<String, Quote> quotes = new LinkedHashMap<>();
                Map<String, SymbolRejection> rejected = new LinkedHashMap<>();
                for (String symbol : feedSymbols) {
                    var value = settings.values().get(symbol);
                    if (value == null) {
                        rejected.put(
                                symbol, new SymbolRejection(Outcome.INVALID_SYMBOLS, "no static value configured"));
                    } else {
                        quotes.put(
                                symbol,
                                Quote.of(symbol, value, null, null, clock.instant(), SOURCE)
                                        .asStale());
                    }
                }
                return new ProviderResponse(quotes, rejected, io.quotegate.model.ReportedUsage.NONE);
            });
        }
    }
}
