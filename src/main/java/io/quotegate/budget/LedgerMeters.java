package io.quotegate.budget;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quotegate.model.Window;
import java.util.Map;

/** The ledger's meters, per provider: the counts and limits per window, the budget state, the re-seeds. */
final class LedgerMeters {

    static void register(MeterRegistry meters, Map<String, Budget> budgets, Ledger ledger) {
        budgets.forEach((provider, budget) -> {
            for (Window w : Window.values()) {
                budget.limit(w).ifPresent(limit -> {
                    Gauge.builder(
                                    "quotegate.budget.used.credits",
                                    ledger,
                                    l -> l.usage(provider).used(w))
                            .description("Credits counted in the current window")
                            .tag("provider", provider)
                            .tag("window", w.label())
                            .register(meters);
                    Gauge.builder("quotegate.budget.limit.credits", () -> limit)
                            .description("The provider's limit for the window")
                            .tag("provider", provider)
                            .tag("window", w.label())
                            .register(meters);
                });
            }
            Gauge.builder(
                            "quotegate.budget.state",
                            ledger,
                            l -> l.usage(provider).state().level())
                    .description("Budget state: 0 ok, 1 warn, 2 degraded, 3 critical, 4 exhausted")
                    .tag("provider", provider)
                    .register(meters);
            if (ledger instanceof RedisLedger shared) {
                FunctionCounter.builder("quotegate.ledger.reseeds", shared, l -> l.reseeds(provider))
                        .description("Times this replica re-seeded the provider's counts that Redis had lost")
                        .tag("provider", provider)
                        .register(meters);
            }
        });
    }

    private LedgerMeters() {}
}
