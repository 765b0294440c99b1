package io.quotegate.provider;

import io.quotegate.model.ReportedUsage;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One batch of feed symbols translated to a provider's symbols by its {@link SymbolRules}: which feed
 * symbols each provider symbol serves, in request order, and which feed symbols were refused before
 * sending. Several feed symbols may share one provider symbol (through overrides, or a default mapping
 * such as Binance's {@code BTC/USD} and {@code BTC/USDT} both being {@code BTCUSDT}); it is sent once
 * and its answer serves all of them. Duplicates in the batch are dropped.
 */
public final class SymbolBatch {

    private final Map<String, List<String>> feedsByProvider;
    private final Map<String, SymbolRejection> rejected;

    SymbolBatch(Map<String, List<String>> feedsByProvider, Map<String, SymbolRejection> rejected) {
        Map<String, List<String>> copy = new LinkedHashMap<>();
        feedsByProvider.forEach((symbol, feeds) -> copy.put(symbol, List.copyOf(feeds)));
        this.feedsByProvider = Collections.unmodifiableMap(copy);
        this.rejected = Collections.unmodifiableMap(new LinkedHashMap<>(rejected));
    }

    /** Whether nothing is left to send. */
    public boolean isEmpty() {
        return feedsByProvider.isEmpty();
    }

    /** Whether exactly one provider symbol is sent. */
    public boolean isSingle() {
        return feedsByProvider.size() == 1;
    }

    /** Provider symbol to the feed symbols it serves, in request order. */
    public Map<String, List<String>> feedSymbolsByProviderSymbol() {
        return feedsByProvider;
    }

    /** The provider symbols to send, in request order. */
    public Set<String> providerSymbols() {
        return feedsByProvider.keySet();
    }

    /** Feed symbols refused before sending, with the reason. */
    public Map<String, SymbolRejection> rejected() {
        return rejected;
    }

    /** The provider symbols joined by {@code separator}, e.g. the value of a {@code symbols=A,B} parameter. */
    public String joined(String separator) {
        return String.join(separator, feedsByProvider.keySet());
    }

    /**
     * The requested provider symbol a key of the answer stands for: the exact key, else a
     * case-insensitive match; null when it was not requested.
     */
    public @Nullable String requested(@Nullable String answerKey) {
        if (answerKey == null) {
            return null;
        }
        if (feedsByProvider.containsKey(answerKey)) {
            return answerKey;
        }
        String wanted = answerKey.trim().toUpperCase(Locale.ROOT);
        for (String symbol : feedsByProvider.keySet()) {
            if (symbol.toUpperCase(Locale.ROOT).equals(wanted)) {
                return symbol;
            }
        }
        return null;
    }

    /** The feed symbols a key of the answer serves (empty when it was not requested). */
    public List<String> feedSymbols(@Nullable String answerKey) {
        String key = requested(answerKey);
        return key == null ? List.of() : feedsByProvider.getOrDefault(key, List.of());
    }

    /** All feed symbols that are sent, in request order. */
    public Set<String> sentFeedSymbols() {
        Set<String> all = new LinkedHashSet<>();
        feedsByProvider.values().forEach(all::addAll);
        return all;
    }

    /**
     * The feed symbols to blame when the provider rejects "a symbol" of the call without naming it: all
     * of them when one provider symbol was sent, else none (an empty set makes the caller bisect).
     */
    public Set<String> blamedWhenUnnamed() {
        return isSingle() ? sentFeedSymbols() : Set.of();
    }

    /** The answer when nothing is left to send: no request is made, and the refused symbols say why. */
    public ProviderResponse unsent() {
        return new ProviderResponse(Map.of(), rejected, ReportedUsage.NONE);
    }

    static Builder builder() {
        return new Builder();
    }

    static final class Builder {
        private final Map<String, List<String>> feedsByProvider = new LinkedHashMap<>();
        private final Map<String, SymbolRejection> rejected = new LinkedHashMap<>();

        void send(String feedSymbol, String providerSymbol) {
            List<String> feeds = feedsByProvider.computeIfAbsent(providerSymbol, k -> new ArrayList<>());
            if (!feeds.contains(feedSymbol)) {
                feeds.add(feedSymbol);
            }
        }

        void refuse(String feedSymbol, String reason) {
            rejected.put(feedSymbol, new SymbolRejection(Outcome.INVALID_SYMBOLS, reason));
        }

        SymbolBatch build() {
            return new SymbolBatch(feedsByProvider, rejected);
        }
    }
}
