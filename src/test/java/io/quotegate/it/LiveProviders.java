package io.quotegate.it;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
        properties(fake).forEach((key, value) -> registry.add(key, () -> value));
    }

    /** Every provider's base URL on the fake, and the fakes' keys: the properties a replica of the live profile needs. */
    static Map<String, String> properties(FakeUpstream fake) {
        Map<String, String> p = new LinkedHashMap<>();
        for (String provider : HTTP_PROVIDERS) {
            p.put("quotegate.providers." + provider + ".base-url", fake.baseUrl(provider));
        }
        p.put("quotegate.providers.twelvedata.api-key", FakeUpstream.TD_KEY);
        p.put("quotegate.providers.marketstack.api-key", FakeUpstream.MS_KEY);
        p.put("quotegate.providers.coingecko.api-key", FakeUpstream.CG_KEY);
        p.put("quotegate.providers.alpaca.api-key", FakeExchangeDialects.ALPACA_KEY);
        p.put("quotegate.providers.alpaca.api-secret", FakeExchangeDialects.ALPACA_SECRET);
        p.put("quotegate.providers.capitalcom.api-key", FakeCapitalCom.KEY);
        p.put("quotegate.providers.capitalcom.identifier", FakeCapitalCom.LOGIN);
        p.put("quotegate.providers.capitalcom.password", FakeCapitalCom.PASSWORD);
        return p;
    }
}
