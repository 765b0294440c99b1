package io.quotegate.it;

import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Points every HTTP provider of the live profile at a {@link FakeUpstream} and gives them the fakes' keys. A
 * provider the live profile names and this list does not would be called on the real network: keep them in step
 * ({@code LiveProvidersTest}).
 */
final class LiveProviders {

    static final List<String> HTTP_PROVIDERS = List.of(
            "twelvedata",
            "marketstack",
            "binance",
            "coingecko",
            "frankfurter",
            "kraken",
            "coinbase",
            "alpaca",
            FakeCapitalCom.NAME);

    private LiveProviders() {}

    static void register(DynamicPropertyRegistry registry, FakeUpstream fake) {
        for (String p : HTTP_PROVIDERS) {
            registry.add("quotegate.providers." + p + ".base-url", () -> fake.baseUrl(p));
        }
        registry.add("quotegate.providers.twelvedata.api-key", () -> FakeUpstream.TD_KEY);
        registry.add("quotegate.providers.marketstack.api-key", () -> FakeUpstream.MS_KEY);
        registry.add("quotegate.providers.coingecko.api-key", () -> FakeUpstream.CG_KEY);
        registry.add("quotegate.providers.alpaca.api-key", () -> FakeExchangeDialects.ALPACA_KEY);
        registry.add("quotegate.providers.alpaca.api-secret", () -> FakeExchangeDialects.ALPACA_SECRET);
        registry.add("quotegate.providers.capitalcom.api-key", () -> FakeCapitalCom.KEY);
        registry.add("quotegate.providers.capitalcom.identifier", () -> FakeCapitalCom.LOGIN);
        registry.add("quotegate.providers.capitalcom.password", () -> FakeCapitalCom.PASSWORD);
    }
}
