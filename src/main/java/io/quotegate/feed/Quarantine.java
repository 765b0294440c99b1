package io.quotegate.feed;

import io.quotegate.model.TimeScale;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Symbols a provider rejected. A quarantined symbol is left out of that provider's batches (so one
 * bad symbol cannot fail a whole batch for ever) and tried again on a slow schedule: after one model
 * hour, then doubling per new rejection up to a model day. Other providers of the chain still serve it.
 */
public final class Quarantine {

    static final Duration FIRST = Duration.ofHours(1);
    static final Duration MAX = Duration.ofDays(1);

    /** Why and until when (a real instant, also in seconds mode) a symbol is quarantined for one provider. */
    public record Entry(String reason, Instant until, int strikes) {}

    private final Map<String, Map<String, Entry>> byProvider = new ConcurrentHashMap<>();
    private final Clock clock;
    private final TimeScale scale;

    /** Holds are model durations (an hour is a real minute in seconds mode); instants are real. */
    public Quarantine(Clock clock, TimeScale scale) {
        this.clock = clock;
        this.scale = scale;
    }

    public void add(String provider, String symbol, String reason) {
        byProvider.computeIfAbsent(provider, p -> new ConcurrentHashMap<>()).compute(symbol, (s, old) -> {
            int strikes = old == null ? 1 : old.strikes() + 1;
            Duration hold = FIRST.multipliedBy(1L << Math.min(strikes - 1, 5));
            return new Entry(reason, clock.instant().plus(scale.toReal(hold.compareTo(MAX) > 0 ? MAX : hold)), strikes);
        });
    }

    /** True while the symbol is held back from this provider; a retry is due once the time has passed. */
    public boolean holds(String provider, String symbol) {
        Entry e = byProvider.getOrDefault(provider, Map.of()).get(symbol);
        return e != null && clock.instant().isBefore(e.until());
    }

    /** A served symbol leaves quarantine. */
    public void release(String provider, String symbol) {
        Map<String, Entry> m = byProvider.get(provider);
        if (m != null) {
            m.remove(symbol);
        }
    }

    public Map<String, Entry> of(String provider) {
        return new LinkedHashMap<>(byProvider.getOrDefault(provider, Map.of()));
    }
}
