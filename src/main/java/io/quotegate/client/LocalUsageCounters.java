package io.quotegate.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;

/**
 * One replica's monthly counters, in memory, and (when given a file) kept across restarts: the
 * file is read at start and rewritten by {@link #flush()} (every few seconds and at shutdown), so a
 * restart loses at most the last few seconds of counts. One line per client and month:
 * {@code 2026-12<TAB>key:team-a<TAB>messages<TAB>bytes}. Client ids hold key names, never keys.
 */
public final class LocalUsageCounters implements UsageCounters, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LocalUsageCounters.class);

    private final ConcurrentHashMap<MonthKey, AtomicLongArray> months = new ConcurrentHashMap<>();
    private final @Nullable Path file;
    private final AtomicBoolean dirty = new AtomicBoolean();
    private volatile @Nullable Disposable flushing;

    public LocalUsageCounters() {
        this(null);
    }

    public LocalUsageCounters(@Nullable Path file) {
        this.file = file;
        if (file != null && Files.isReadable(file)) {
            load(file);
        }
    }

    @Override
    public Mono<MonthlyUsage> add(Client client, YearMonth month, long messages, long bytes) {
        AtomicLongArray c = months.computeIfAbsent(key(client.id(), month), k -> new AtomicLongArray(2));
        long m = c.addAndGet(0, messages);
        long b = c.addAndGet(1, bytes);
        dirty.set(true);
        if (months.size() > 10_000) {
            months.keySet().removeIf(k -> !k.month().equals(month));
        }
        return Mono.just(new MonthlyUsage(m, b));
    }

    @Override
    public Mono<MonthlyUsage> read(Client client, YearMonth month) {
        AtomicLongArray c = months.get(key(client.id(), month));
        return Mono.just(c == null ? MonthlyUsage.NONE : new MonthlyUsage(c.get(0), c.get(1)));
    }

    /** Flushes every {@code period} on the scheduler until {@link #close()}. */
    public LocalUsageCounters flushEvery(Duration period, Scheduler scheduler) {
        flushing = scheduler.schedulePeriodically(
                this::flush, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Stops the periodic flush and writes what is left. */
    @Override
    public void close() {
        Disposable d = flushing;
        if (d != null) {
            d.dispose();
        }
        flush();
    }

    /** Writes the counters to the file if they changed since the last write (atomically: temp file, then move). */
    public void flush() {
        if (file == null || !dirty.getAndSet(false)) {
            return;
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<MonthKey, AtomicLongArray> e : months.entrySet()) {
            lines.add(e.getKey().month() + "\t" + e.getKey().clientId() + "\t"
                    + e.getValue().get(0) + "\t" + e.getValue().get(1));
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(tmp, lines, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UncheckedIOException e) {
            dirty.set(true);
            log.warn("Could not save client usage to {}: {}", file, e.toString());
        }
    }

    private void load(Path from) {
        try {
            for (String line : Files.readAllLines(from, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length == 4) {
                    AtomicLongArray c = new AtomicLongArray(2);
                    c.set(0, Long.parseLong(f[2]));
                    c.set(1, Long.parseLong(f[3]));
                    months.put(key(f[1], YearMonth.parse(f[0])), c);
                }
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Could not read client usage from {} ({}); monthly counts start from zero", from, e.toString());
        }
    }

    /** A client's month (a record: no string is built per counted response). */
    private record MonthKey(YearMonth month, String clientId) {}

    private static MonthKey key(String clientId, YearMonth month) {
        return new MonthKey(month, clientId);
    }
}
