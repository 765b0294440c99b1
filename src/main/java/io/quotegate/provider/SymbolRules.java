package io.quotegate.provider;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * How one provider maps feed symbols to its own symbols, in four steps applied to every feed symbol of
 * a batch:
 *
 * <ol>
 *   <li>{@link #servesOnly}: feed symbols the provider cannot serve at all are refused (e.g. CoinGecko
 *       serves only {@code BASE/USD});</li>
 *   <li>the provider symbol is the configured override ({@code quotegate.providers.<p>.symbols}), else
 *       the adapter's {@link #byDefault default mapping} (the identity unless set);</li>
 *   <li>it is {@link #normalize normalised} (trimmed unless set; e.g. upper-cased);</li>
 *   <li>{@link #sendsOnly}: a provider symbol that cannot be valid is refused locally instead of being
 *       sent, where it could fail the whole batch.</li>
 * </ol>
 *
 * Refused feed symbols become {@link Outcome#INVALID_SYMBOLS} rejections of the {@link SymbolBatch}.
 */
public final class SymbolRules {

    private final Function<String, @Nullable String> feedRefusal;
    private final UnaryOperator<String> defaults;
    private final UnaryOperator<String> normalize;
    private final Function<String, @Nullable String> symbolRefusal;

    private SymbolRules(
            Function<String, @Nullable String> feedRefusal,
            UnaryOperator<String> defaults,
            UnaryOperator<String> normalize,
            Function<String, @Nullable String> symbolRefusal) {
        this.feedRefusal = feedRefusal;
        this.defaults = defaults;
        this.normalize = normalize;
        this.symbolRefusal = symbolRefusal;
    }

    /** Feed symbols are sent as they are (trimmed), unless overridden. */
    public static SymbolRules identity() {
        return new SymbolRules(feed -> null, feed -> feed, String::trim, symbol -> null);
    }

    /** Refuses, with {@code reason}, every feed symbol that {@code serves} does not accept; no override applies to it. */
    public SymbolRules servesOnly(Predicate<String> serves, String reason) {
        return new SymbolRules(feed -> serves.test(feed) ? null : reason, defaults, normalize, symbolRefusal);
    }

    /** The adapter's own provider symbol for a feed symbol, used when no override is configured. */
    public SymbolRules byDefault(UnaryOperator<String> mapping) {
        return new SymbolRules(feedRefusal, mapping, normalize, symbolRefusal);
    }

    /** Applied to the chosen provider symbol, override or default (replaces the default trim). */
    public SymbolRules normalize(UnaryOperator<String> normalization) {
        return new SymbolRules(feedRefusal, defaults, normalization, symbolRefusal);
    }

    /** Refuses a normalised provider symbol that {@code valid} rejects, with the reason {@code why} gives for it. */
    public SymbolRules sendsOnly(Predicate<String> valid, UnaryOperator<String> why) {
        return new SymbolRules(
                feedRefusal, defaults, normalize, symbol -> valid.test(symbol) ? null : why.apply(symbol));
    }

    /** The provider symbol one feed symbol is sent as, before the validity check. */
    public String providerSymbol(String feedSymbol, ProviderSettings settings) {
        String configured = settings.symbols().get(feedSymbol);
        return normalize.apply(configured != null ? configured : defaults.apply(feedSymbol));
    }

    /** Whether the feed symbol would be sent at all, rather than refused before sending. */
    public boolean serves(String feedSymbol, ProviderSettings settings) {
        return batch(java.util.List.of(feedSymbol), settings).rejected().isEmpty();
    }

    /** Translates one batch. */
    public SymbolBatch batch(Collection<String> feedSymbols, ProviderSettings settings) {
        SymbolBatch.Builder batch = SymbolBatch.builder();
        for (String feed : new LinkedHashSet<>(feedSymbols)) {
            String refusal = feedRefusal.apply(feed);
            if (refusal != null) {
                batch.refuse(feed, refusal);
                continue;
            }
            String symbol = providerSymbol(feed, settings);
            String invalid = symbolRefusal.apply(symbol);
            if (invalid != null) {
                batch.refuse(feed, invalid);
            } else {
                batch.send(feed, symbol);
            }
        }
        return batch.build();
    }
}
