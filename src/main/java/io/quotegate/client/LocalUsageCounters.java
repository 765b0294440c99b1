package io.quotegate.client;

import java.time.YearMonth;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import reactor.core.publisher.Mono;

/** One replica's monthly counters, in memory (they start from zero at a restart). */
public final class LocalUsageCounters implements UsageCounters {

    private final ConcurrentHashMap<String, AtomicLongArray> months = new ConcurrentHashMap<>();

    @Override
    public Mono<MonthlyUsage> add(Client client, YearMonth month, long messages, long bytes) {
        AtomicLongArray c = months.computeIfAbsent(key(client, month), k -> new AtomicLongArray(2));
        long m = c.addAndGet(0, messages);
        long b = c.addAndGet(1, bytes);
        if (months.size() > 10_000) {
            months.keySet().removeIf(k -> !k.startsWith(month + "/"));
        }
        return Mono.just(new MonthlyUsage(m, b));
    }

    @Override
    public Mono<MonthlyUsage> read(Client client, YearMonth month) {
        AtomicLongArray c = months.get(key(client, month));
        return Mono.just(c == null ? MonthlyUsage.NONE : new MonthlyUsage(c.get(0), c.get(1)));
    }

    private static String key(Client client, YearMonth month) {
        return month + "/" + client.id();
    }
}
