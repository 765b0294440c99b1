package io.quotegate.it;

import java.util.List;
import org.springframework.test.context.DynamicPropertyRegistry;

/** Points the live profile's providers at a {@link FakeUpstream} and gives them the fakes' keys. */
final class LiveProviders {

    static final List<String> HTTP_PROVIDERS =
            List.of("twelvedata", "marketstack", "binance", "coingecko", "frankfurter");

    private LiveProviders() {}

    static void register(DynamicPropertyRegistry registry, FakeUpstream fake) {
        for (String p : HTTP_PROVIDERS) {
            registry.add("quotegate.providers." + p + ".base-url", () -> fake.baseUrl(p));
        }
        registry.add("quotegate.providers.twelvedata.api-key", () -> FakeUpstream.TD_KEY);
        registry.add("quotegate.providers.marketstack.api-key", () -> FakeUpstream.MS_KEY);
        registry.add("quotegate.providers.coingecko.api-key", () -> FakeUpstream.CG_KEY);
    }
}
