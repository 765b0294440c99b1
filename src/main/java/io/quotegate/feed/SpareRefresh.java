package io.quotegate.feed;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.budget.Budget;
import io.quotegate.budget.BudgetPlan;
import io.quotegate.budget.Ledger;
import io.quotegate.budget.Spare;
import io.quotegate.model.Priority;
import io.quotegate.model.Purpose;
import io.quotegate.model.TimeScale;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Spare budget buys freshness: at instants between a critical feed's slots ({@link SpareSlots}), late in
 * the day, one extra refresh of the feed when the day has credits to spare ({@link Spare}). The refresh
 * then goes the normal way, {@code refresher.refresh(feed, Purpose.SPARE)}: the same markets, ledger, shares and
 * hard limits, reported on /trace with purpose {@code spare}. What each feed's spare instants decided is
 * on /budget and in {@code quotegate_spare_refreshes_total{feed,outcome}}.
 *
 * <p>The instants are fired by the scheduler like slots (another Quartz trigger), so in distributed mode
 * each fires on one replica.
 */
public final class SpareRefresh {

    /**
     * @param enabled {@code quotegate.budget.spare.enabled}
     * @param after   {@code quotegate.budget.spare.after}: share of the day before the first spare refresh
     * @param target  {@code quotegate.budget.target}: the day ends at or under this share of its limit
     */
    public record Settings(boolean enabled, double after, double target) {}

    /** What /budget shows. */
    public record View(boolean enabled, double after, Map<String, FeedView> feeds) {}

    /**
     * One critical feed: its spare instants (minutes of the hour, seconds in seconds mode), how many were
     * allowed and refused, and the last decision.
     */
    public record FeedView(
            List<Integer> instants,
            long allowed,
            long refused,
            @Nullable Instant lastAt,
            @Nullable String last) {}

    private record Last(Instant at, String why) {}

    /** How a spare refresh runs: {@link Refresher#refresh}, the normal path. */
    @FunctionalInterface
    public interface Runner {
        Mono<?> refresh(String feed, Purpose purpose);
    }

    private final FeedCatalog feeds;
    private final Runner refresher;
    private final Ledger ledger;
    private final Map<String, Budget> budgets;
    private final Settings settings;
    private final TimeScale scale;
    private final Clock clock;
    private final Map<String, List<Integer>> instants = new LinkedHashMap<>();
    private final Map<String, String> provider = new HashMap<>();
    private final Map<String, Integer> cost = new HashMap<>();
    private final Map<String, List<Spare.Planned>> planned = new HashMap<>();
    private final Map<String, AtomicLong> allowed = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
    private final Map<String, Last> last = new ConcurrentHashMap<>();
    private final MeterRegistry meters;

    public SpareRefresh(
            FeedCatalog feeds,
            Runner refresher,
            Ledger ledger,
            Map<String, Budget> budgets,
            BudgetPlan plan,
            Settings settings,
            TimeScale scale,
            Clock clock,
            MeterRegistry meters) {
        this.feeds = feeds;
        this.refresher = refresher;
        this.ledger = ledger;
        this.budgets = Map.copyOf(budgets);
        this.settings = settings;
        this.scale = scale;
        this.clock = clock;
        this.meters = meters;
        Map<String, Integer> span = new HashMap<>();
        plan.providers()
                .forEach(p -> p.feeds().forEach(f -> {
                    provider.put(f.feed(), p.provider());
                    cost.put(f.feed(), f.creditsPerSlot());
                    span.put(f.feed(), f.minutesPerSlot());
                    planned.computeIfAbsent(p.provider(), k -> new ArrayList<>())
                            .add(new Spare.Planned(slots(f.feed()), f.every(), f.creditsPerSlot()));
                }));
        for (Feed feed : feeds.all()) {
            if (feed.priority() != Priority.CRITICAL || !provider.containsKey(feed.name())) {
                continue;
            }
            Set<Integer> taken = new HashSet<>();
            for (Feed other : feeds.all()) {
                if (!other.name().equals(feed.name())) {
                    int width = span.getOrDefault(other.name(), 1);
                    other.slots().forEach(s -> {
                        for (int k = 0; k < width; k++) {
                            taken.add((s + k) % 60);
                        }
                    });
                }
            }
            List<Integer> at = SpareSlots.between(feed.slots(), taken, span.getOrDefault(feed.name(), 1));
            if (!at.isEmpty()) {
                instants.put(feed.name(), at);
                // Registered up front, so the counters are scraped at 0 before the first spare instant.
                counter(feed.name(), "allowed");
                counter(feed.name(), "refused");
            }
        }
    }

    private List<Integer> slots(String feed) {
        return feeds.all().stream()
                .filter(f -> f.name().equals(feed))
                .findFirst()
                .map(Feed::slots)
                .orElse(List.of());
    }

    public boolean enabled() {
        return settings.enabled();
    }

    /** The spare instants of each critical feed that has some, in feed order. */
    public Map<String, List<Integer>> instants() {
        return java.util.Collections.unmodifiableMap(instants);
    }

    /**
     * At one of the feed's spare instants: refreshes it once when the day has credits to spare. Emits whether
     * the refresh was allowed (it then ran through the refresher, which may still spend nothing, e.g. when its
     * markets are closed). Never errors.
     */
    public Mono<Boolean> run(String feed) {
        Optional<String> no = refusal(feed);
        Instant now = clock.instant();
        if (no.isPresent()) {
            last.put(feed, new Last(now, no.get()));
            count(feed, "refused", refused);
            return Mono.just(false);
        }
        last.put(feed, new Last(now, "allowed: the day has credits to spare"));
        count(feed, "allowed", allowed);
        return refresher
                .refresh(feed, Purpose.SPARE)
                .map(v -> true)
                .defaultIfEmpty(true)
                .onErrorReturn(true);
    }

    /** Why the feed may not take a spare refresh now, or empty when it may. */
    Optional<String> refusal(String feed) {
        if (!settings.enabled()) {
            return Optional.of("spare refreshes are off (quotegate.budget.spare.enabled)");
        }
        if (!instants.containsKey(feed)) {
            return Optional.of(feed + " takes no spare refreshes: only critical feeds with a free instant between"
                    + " their slots do");
        }
        String p = provider.get(feed);
        Budget budget = p == null ? null : budgets.get(p);
        if (p == null || budget == null) {
            return Optional.of(feed + " has no planned provider");
        }
        Instant modelNow = scale.model(clock).instant();
        long need = Spare.stillNeeded(planned.getOrDefault(p, List.of()), modelNow);
        return Spare.refusal(
                budget,
                ledger.usage(p),
                need,
                cost.getOrDefault(feed, 0),
                settings.target(),
                settings.after(),
                modelNow);
    }

    private void count(String feed, String outcome, Map<String, AtomicLong> counts) {
        counts.computeIfAbsent(feed, k -> new AtomicLong()).incrementAndGet();
        counter(feed, outcome).increment();
    }

    private Counter counter(String feed, String outcome) {
        return Counter.builder("quotegate.spare.refreshes")
                .description("Spare refreshes of critical feeds between their slots, allowed or refused")
                .tag("feed", feed)
                .tag("outcome", outcome)
                .register(meters);
    }

    /** For /budget. */
    public View view() {
        Map<String, FeedView> out = new LinkedHashMap<>();
        instants.forEach((feed, at) -> {
            Last l = last.get(feed);
            out.put(
                    feed,
                    new FeedView(
                            at,
                            allowed.getOrDefault(feed, new AtomicLong()).get(),
                            refused.getOrDefault(feed, new AtomicLong()).get(),
                            l == null ? null : l.at(),
                            l == null ? null : l.why()));
        });
        return new View(settings.enabled(), settings.after(), out);
    }
}
