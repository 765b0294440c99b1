package io.quotegate.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binds {@code quotegate.*} from flat keys, starting from a small valid configuration. */
final class Configs {

    private final Map<String, Object> keys = new LinkedHashMap<>();

    private Configs() {}

    /** One feed (fx, slots 0 and 30, on provider demo) and one provider (demo). */
    static Configs valid() {
        return new Configs()
                .with("quotegate.feeds.fx.slots[0]", "0")
                .with("quotegate.feeds.fx.slots[1]", "30")
                .with("quotegate.feeds.fx.ttl", "30m")
                .with("quotegate.feeds.fx.symbols[0]", "EUR/USD")
                .with("quotegate.feeds.fx.symbols[1]", "USD/JPY")
                .with("quotegate.feeds.fx.providers[0]", "demo")
                .with("quotegate.providers.demo.max-batch", "8")
                .with("quotegate.providers.demo.cost", "per-symbol")
                .with("quotegate.providers.demo.limits.per-minute", "8")
                .with("quotegate.providers.demo.limits.per-day", "800");
    }

    /** A second feed, crypto, on the same demo provider. */
    Configs withCrypto() {
        return with("quotegate.feeds.crypto.slots[0]", "20")
                .with("quotegate.feeds.crypto.ttl", "30m")
                .with("quotegate.feeds.crypto.symbols[0]", "BTC/USD")
                .with("quotegate.feeds.crypto.providers[0]", "demo");
    }

    Configs with(String key, Object value) {
        keys.put(key, value);
        return this;
    }

    Configs without(String key) {
        keys.remove(key);
        return this;
    }

    QuotegateProperties bind() {
        return new Binder(new MapConfigurationPropertySource(keys))
                .bind("quotegate", Bindable.of(QuotegateProperties.class))
                .orElseThrow(() -> new AssertionError("nothing bound under quotegate"));
    }
}
