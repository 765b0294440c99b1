package io.quotegate.provider.demo;

import io.quotegate.model.Quote;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderContext;
import io.quotegate.provider.ProviderFactory;
import io.quotegate.provider.ProviderResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The {@code demo} provider: no keys, no network. Quotes come from {@link DemoMarket}; its budget
 * (per-symbol like Twelve Data; config/application.yml gives it a roomy 60 a minute and 4,000 a day, the
 * {@code overbudget} profile Twelve Data's free 8 and 800) lives in config like any other provider's, so
 * the ledger, batching and plan are exercised for real.
 */
@Component
class DemoProviderFactory implements ProviderFactory {

    @Override
    public String name() {
        return "demo";
    }

    @Override
    public boolean inProcess() {
        return true;
    }

    @Override
    public ProviderAdapter create(ProviderContext context) {
        return new DemoAdapter(
                context.settings().name(), new DemoMarket(context.settings().seed()), context.clock());
    }

    static final class DemoAdapter implements ProviderAdapter {
        private final String name;
        private final DemoMarket market;
        private final Clock clock;

        DemoAdapter(String name, DemoMarket market, Clock clock) {
            this.name = name;
            this.market = market;
            this.clock = clock;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Mono<ProviderResponse> fetch(List<String> feedSymbols) {
            return Mono.fromSupplier(() -> {
                Map<String, Quote> quotes = new LinkedHashMap<>();
                for (String symbol : feedSymbols) {
                    BigDecimal[] p = market.step(symbol);
                    quotes.put(symbol, Quote.of(symbol, p[0], p[1], p[2], clock.instant(), name));
                }
                return ProviderResponse.of(quotes);
            });
        }
    }
}
