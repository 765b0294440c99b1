package io.quotegate.provider;

import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Mono;

/**
 * Speaks one provider's HTTP dialect: symbol mapping, batch syntax, response shapes (single and
 * batch), error bodies and usage headers.
 *
 * <p>Adapters do not spend budget, retry or break circuits: the feed's refresher does that around
 * every call, so that each attempt is counted before it leaves. An adapter makes exactly one
 * upstream request for prices per {@link #fetch} subscription. A session-based provider (Capital.com) may
 * also log in before it, or once more when the provider refused its session: session upkeep, which the
 * ledger does not count.
 */
public interface ProviderAdapter {

    /** The provider's name, as in {@code quotegate.providers.<name>}. */
    String name();

    /**
     * Fetches the latest quotes of one batch.
     *
     * @param feedSymbols feed symbols (e.g. {@code BTC/USD}), at most the provider's max batch
     * @return the quotes served, keyed by feed symbol; a batch-level failure is a
     *         {@link ProviderException} signalled as an error, never thrown
     */
    Mono<ProviderResponse> fetch(List<String> feedSymbols);

    /**
     * Splits one batch, already cut to the provider's {@code max-batch}, where the provider has a limit
     * that a count of symbols does not capture (Kraken: the length of the query string). Each part is
     * then fetched, and spent for, as a batch of its own. By default the batch is left whole.
     *
     * @param feedSymbols feed symbols of one batch, at most the provider's max batch
     * @return the batches to fetch, in order, together holding every given symbol once
     */
    default List<List<String>> split(List<String> feedSymbols) {
        return List.of(feedSymbols);
    }

    /**
     * Whether this provider only serves configured last-resort values (static). Such a provider fills
     * only symbols that have no quote yet; where a real quote exists, the feed keeps it, marked stale
     * with its age, rather than replace it with a fixed value.
     */
    default boolean lastResort() {
        return false;
    }

    /**
     * Whether this provider can serve the feed symbol at all, as configured (Capital.com has no epic for some
     * indices). The planner puts each symbol of a feed on the first enabled provider of its chain that serves
     * it, and the market gate follows the same assignment. By default every symbol.
     */
    default boolean serves(String feedSymbol) {
        return true;
    }

    /**
     * How far behind the present this provider's prices may honestly be while their market is open (model
     * time): a provider-side cache, a published delay. Part of the default {@code max-age} of its quotes.
     */
    default Duration delay() {
        return Duration.ZERO;
    }
}
