package io.quotegate.feed;

import io.quotegate.budget.Budget;
import io.quotegate.budget.ProviderState;
import io.quotegate.config.QuotegateProperties;
import io.quotegate.model.Priority;
import io.quotegate.model.Purpose;
import io.quotegate.provider.ProviderAdapter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * One provider's turn in a refresh's chain: whether it is asked at all (configured, budgeted, not
 * skipped by the budget's state rules or its long windows' pace, something left that it may serve), and if
 * so its batches of the symbols still missing, one after another. The {@link Refresher} walks the chain;
 * this asks one link. A provider that may not spend (skipped, paced, refused by the ledger, its circuit
 * open) leaves the symbols missing, so the next provider of the chain is asked for them: a slot yields only
 * when no provider of its chain can serve.
 *
 * <p>Every batch goes through {@link BatchCall}, so each one reserves its credits before it leaves.
 * What happened is written to the {@link RefreshRun}, never returned: a refresh that times out must
 * still find it there.
 */
final class ProviderBatches {

    /**
     * Whether a provider is ahead of its long windows' pace for a feed's slot: the reason it yields, or empty.
     * A yielding provider passes the slot on to the next one of the chain.
     */
    @FunctionalInterface
    interface Pacing {
        Pacing NONE = (feed, provider, symbols) -> Optional.empty();

        Optional<String> ahead(String feed, String provider, int symbols);
    }

    private final Refresher.Upstream upstream;
    private Pacing pacing = Pacing.NONE;

    ProviderBatches(Refresher.Upstream upstream) {
        this.upstream = upstream;
    }

    void pacing(Pacing rule) {
        this.pacing = rule;
    }

    /** Asks the provider for the run's missing symbols; completes once its last batch has answered. */
    Mono<Void> ask(RefreshRun run, String provider) {
        Optional<ProviderAdapter> adapter = upstream.providers().adapter(provider);
        if (adapter.isEmpty()) {
            run.note(
                    provider,
                    Verdict.DISABLED,
                    upstream.providers().disabledReason(provider).orElse("not configured"));
            return Mono.empty();
        }
        Budget budget = upstream.budgets().get(provider);
        if (budget == null) {
            run.note(provider, Verdict.DISABLED, "no budget configured for " + provider);
            return Mono.empty();
        }
        String skip = skipReason(run, provider);
        if (skip == null && (run.purpose.isSlot() || run.purpose == Purpose.SPARE)) {
            skip = pacing.ahead(run.feed.name(), provider, run.missing.size()).orElse(null);
        }
        if (skip != null) {
            // This provider may not spend now: the next one of the chain is asked for these symbols instead.
            run.note(provider, Verdict.Refresh.SKIPPED, skip);
            return Mono.empty();
        }
        Quarantine quarantine = upstream.quarantine();
        // Symbols the provider cannot serve at all (ProviderAdapter.serves) are the chain's next provider's, as
        // planned (budget.Chains): asking would reserve credits for a call that never leaves.
        List<String> served = run.missing.stream().filter(adapter.get()::serves).toList();
        if (served.isEmpty()) {
            run.note(provider, Verdict.Refresh.SKIPPED, provider + " serves none of the missing symbols");
            return Mono.empty();
        }
        List<String> wanted = served.stream()
                .filter(s -> !quarantine.holds(provider, s))
                .filter(s -> !adapter.get().lastResort() || !run.held.containsKey(s))
                .toList();
        if (wanted.isEmpty() && adapter.get().lastResort()) {
            run.note(
                    provider,
                    Verdict.Refresh.SKIPPED,
                    "the last real quotes are kept (stale) rather than replaced by " + provider + " values");
            return Mono.empty();
        }
        if (wanted.isEmpty()) {
            run.note(provider, Verdict.Refresh.QUARANTINED, "every missing symbol is quarantined for " + provider);
            return Mono.empty();
        }
        int cap = budget.batchCap(
                upstream.maxBatch().getOrDefault(provider, QuotegateProperties.Provider.DEFAULT_MAX_BATCH));
        Deque<List<String>> queue = new ArrayDeque<>();
        FeedQuotes.partition(wanted, cap)
                .forEach(batch -> queue.addAll(adapter.get().split(batch)));
        run.asking(provider);
        return drain(run, adapter.get(), budget, queue).doOnSuccess(v -> run.asking(null));
    }

    /**
     * One batch after another, until the queue is empty or an attempt says to stop. An attempt may put
     * batches back at the front of the queue (the rest of a batch with named bad symbols, or its halves).
     */
    private Mono<Void> drain(RefreshRun run, ProviderAdapter adapter, Budget budget, Deque<List<String>> queue) {
        List<String> batch = queue.poll();
        if (batch == null) {
            return Mono.empty();
        }
        return upstream.calls()
                .run(run.feed, adapter, budget, batch, run.purpose, run.deadline)
                .flatMap(attempt -> {
                    boolean goOn = run.absorb(attempt, queue, upstream.quarantine(), upstream.calls());
                    return goOn ? drain(run, adapter, budget, queue) : Mono.empty();
                });
    }

    /**
     * The budget's state rules: from degrade-at a normal feed refreshes only on every other slot; from
     * critical-only-at it does not spend at all (the ledger enforces that too).
     */
    private @Nullable String skipReason(RefreshRun run, String provider) {
        if (run.feed.priority() != Priority.NORMAL || !run.purpose.isSlot()) {
            return null;
        }
        ProviderState state = upstream.ledger().usage(provider).state();
        if (state.compareTo(ProviderState.CRITICAL) >= 0) {
            return provider + " is " + state.label() + ": normal-priority feeds skip their slots";
        }
        if (state == ProviderState.DEGRADED && run.slotNumber % 2 == 1) {
            return provider + " is degraded: normal-priority feeds skip every other slot";
        }
        return null;
    }
}
