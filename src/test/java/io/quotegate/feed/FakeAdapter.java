package io.quotegate.feed;

import io.quotegate.model.Quote;
import io.quotegate.model.ReportedUsage;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderResponse.SymbolRejection;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import reactor.core.publisher.Mono;

/**
 * A scripted provider: each call (one per subscription to {@link #fetch}) takes the next step of the
 * script, or the standing behaviour once the script is used up (serve every symbol asked for).
 * It records the symbols and the clock time of every call.
 */
final class FakeAdapter implements ProviderAdapter {

    private final String name;
    private final Clock clock;
    private final Deque<Function<List<String>, Mono<ProviderResponse>>> script = new ArrayDeque<>();
    private Function<List<String>, Mono<ProviderResponse>> otherwise;
    private final List<List<String>> calls = new ArrayList<>();
    private final List<Instant> callTimes = new ArrayList<>();

    FakeAdapter(String name, Clock clock) {
        this.name = name;
        this.clock = clock;
        this.otherwise = symbols -> Mono.just(serving(symbols, Map.of()));
    }

    private boolean lastResort;

    /** Makes this fake behave like the static provider: it only fills symbols without any quote yet. */
    FakeAdapter asLastResort() {
        this.lastResort = true;
        return this;
    }

    @Override
    public boolean lastResort() {
        return lastResort;
    }

    @Override
    public String name() {
        return name;
    }

    private Function<List<String>, List<List<String>>> splitter = List::of;

    /** Makes this fake split each batch as {@code splitter} says (like Kraken's split by query length). */
    FakeAdapter splitting(Function<List<String>, List<List<String>>> splitter) {
        this.splitter = splitter;
        return this;
    }

    @Override
    public List<List<String>> split(List<String> feedSymbols) {
        return splitter.apply(feedSymbols);
    }

    @Override
    public synchronized Mono<ProviderResponse> fetch(List<String> feedSymbols) {
        return Mono.defer(() -> {
            Function<List<String>, Mono<ProviderResponse>> step;
            synchronized (this) {
                calls.add(List.copyOf(feedSymbols));
                callTimes.add(clock.instant());
                step = script.isEmpty() ? otherwise : script.poll();
            }
            return step.apply(feedSymbols);
        });
    }

    /** Next call: answer with whatever {@code step} gives for the batch. */
    synchronized FakeAdapter then(Function<List<String>, Mono<ProviderResponse>> step) {
        script.add(step);
        return this;
    }

    synchronized FakeAdapter thenServeAll() {
        return then(symbols -> Mono.just(serving(symbols, Map.of())));
    }

    /** Next call: serve only these of the batch; the rest are silently omitted. */
    FakeAdapter thenServeOnly(String... symbols) {
        Set<String> only = Set.of(symbols);
        return then(
                batch -> Mono.just(serving(batch.stream().filter(only::contains).toList(), Map.of())));
    }

    FakeAdapter thenFail(ProviderException e) {
        return then(batch -> Mono.error(e));
    }

    /** Once the script is used up, every call answers with {@code step}. */
    synchronized FakeAdapter otherwise(Function<List<String>, Mono<ProviderResponse>> step) {
        this.otherwise = step;
        return this;
    }

    FakeAdapter alwaysFail(ProviderException e) {
        return otherwise(batch -> Mono.error(e));
    }

    /** A successful answer serving {@code served} (fresh quotes at the clock's time) and rejecting the others given. */
    ProviderResponse serving(Collection<String> served, Map<String, SymbolRejection> rejected) {
        Map<String, Quote> quotes = new LinkedHashMap<>();
        served.forEach(s -> quotes.put(s, quote(s)));
        return new ProviderResponse(quotes, rejected, ReportedUsage.NONE);
    }

    Quote quote(String symbol) {
        return Quote.of(symbol, new BigDecimal("100.5"), BigDecimal.ONE, new BigDecimal("1.0"), clock.instant(), name);
    }

    static SymbolRejection rejection(Outcome outcome) {
        return new SymbolRejection(outcome, outcome.label() + " for this symbol");
    }

    synchronized List<List<String>> calls() {
        return List.copyOf(calls);
    }

    synchronized List<Instant> callTimes() {
        return List.copyOf(callTimes);
    }

    synchronized int callCount() {
        return calls.size();
    }

    /** True when any call so far carried the symbol. */
    synchronized boolean asked(String symbol) {
        return calls.stream().anyMatch(c -> c.contains(symbol));
    }
}
