package io.quotegate.provider;

import io.quotegate.model.Quote;
import io.quotegate.model.ReportedUsage;
import java.util.Map;

/**
 * What one successful provider call returned.
 *
 * @param quotes   served quotes keyed by <em>feed</em> symbol (the adapter maps provider symbols back)
 * @param rejected feed symbols the provider answered for but could not serve, with the reason
 *                 (e.g. a per-symbol error inside a 200 batch); symbols simply absent from both maps
 *                 were silently dropped by the provider
 * @param usage    what the provider's headers said about its own count of our usage
 */
public record ProviderResponse(Map<String, Quote> quotes, Map<String, SymbolRejection> rejected, ReportedUsage usage) {

    public ProviderResponse {
        quotes = Map.copyOf(quotes);
        rejected = Map.copyOf(rejected);
    }

    public static ProviderResponse of(Map<String, Quote> quotes) {
        return new ProviderResponse(quotes, Map.of(), ReportedUsage.NONE);
    }

    /** Why a provider could not serve one symbol of an otherwise successful batch. */
    public record SymbolRejection(Outcome outcome, String message) {}
}
