package io.quotegate.cache;

import io.quotegate.model.Quote;
import io.quotegate.model.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * One stored version of a feed and how it reads as time passes. Its quotes only ever turn stale, in two
 * ways: each at its own moment by its date ({@link StaleRule}), and every quote of an open market once the
 * TTL since the last confirming refresh has passed. So a reading is fixed by how many quotes have aged
 * out and whether the TTL has passed; each reading is built (and serialised) once and shared, also by the
 * copies a confirming refresh makes.
 *
 * <p>Why each quote reads stale ({@link CachedSnapshot#staleReasons()}): {@code age} (its own date),
 * {@code ttl} (no refresh confirmed it within the TTL) or {@code no provider} (the refresh that made the
 * version had nobody to serve it, or only a last-resort value).
 */
final class StoredVersion {

    static final String AGE = "age";
    static final String TTL = "ttl";
    static final String NO_PROVIDER = "no provider";

    private final CachedSnapshot stored;
    private final Instant ttlEnd;
    /** When each quote turns stale by its date, by position; {@link Instant#MAX} for quotes stored stale. */
    private final Instant[] agesAt;
    /** {@link #agesAt} of the quotes stored fresh, sorted, as epoch milliseconds. */
    private final long[] ageDeadlines;

    private final Map<Integer, CachedSnapshot> readings;
    private final JsonMapper json;

    StoredVersion(CachedSnapshot version, Instant ttlEnd, StaleRule rule, JsonMapper json) {
        Snapshot s = version.snapshot();
        List<Quote> data = s.data();
        this.agesAt = new Instant[data.size()];
        Map<String, String> why = new LinkedHashMap<>();
        List<Long> deadlines = new ArrayList<>();
        for (int i = 0; i < data.size(); i++) {
            Quote q = data.get(i);
            Instant at = rule.staleAt(s.feed(), q);
            if (q.stale()) {
                agesAt[i] = Instant.MAX;
                why.put(q.symbol(), at.equals(Instant.MIN) || at.isAfter(s.asOf()) ? NO_PROVIDER : AGE);
            } else {
                agesAt[i] = at;
                deadlines.add(millis(at));
            }
        }
        this.ageDeadlines =
                deadlines.stream().mapToLong(Long::longValue).sorted().toArray();
        this.stored = version.withStaleReasons(why);
        this.ttlEnd = ttlEnd;
        this.readings = new ConcurrentHashMap<>();
        this.json = json;
    }

    private StoredVersion(StoredVersion v, Instant ttlEnd) {
        this.stored = v.stored;
        this.agesAt = v.agesAt;
        this.ageDeadlines = v.ageDeadlines;
        this.readings = v.readings;
        this.json = v.json;
        this.ttlEnd = ttlEnd;
    }

    /** The version as it was stored, with the refresh's own flags. */
    CachedSnapshot stored() {
        return stored;
    }

    /** The same version, confirmed by a refresh: its TTL runs until {@code ttlEnd}. */
    StoredVersion confirmedUntil(Instant newTtlEnd) {
        return new StoredVersion(this, newTtlEnd);
    }

    /** The first moment at which this version reads otherwise than it was stored. */
    Instant changesAt() {
        if (ageDeadlines.length > 0 && ageDeadlines[0] < ttlEnd.toEpochMilli()) {
            return Instant.ofEpochMilli(ageDeadlines[0]);
        }
        return ttlEnd;
    }

    /** How the version reads at {@code now}. */
    CachedSnapshot at(Instant now) {
        boolean ttlPassed = !now.isBefore(ttlEnd);
        int aged = agedBy(now);
        if (!ttlPassed && aged == 0) {
            return stored;
        }
        return readings.computeIfAbsent(aged * 2 + (ttlPassed ? 1 : 0), k -> reading(aged, ttlPassed));
    }

    /** How many quotes stored fresh have aged out by {@code now}. */
    private int agedBy(Instant now) {
        int i = Arrays.binarySearch(ageDeadlines, millis(now));
        if (i < 0) {
            return -i - 1;
        }
        while (i + 1 < ageDeadlines.length && ageDeadlines[i + 1] == ageDeadlines[i]) {
            i++;
        }
        return i + 1;
    }

    private CachedSnapshot reading(int aged, boolean ttlPassed) {
        Snapshot s = stored.snapshot();
        long threshold = aged == 0 ? Long.MIN_VALUE : ageDeadlines[aged - 1];
        Map<String, String> why = new LinkedHashMap<>(stored.staleReasons());
        List<Quote> data = new ArrayList<>(s.data().size());
        for (int i = 0; i < s.data().size(); i++) {
            Quote q = s.data().get(i);
            if (!q.stale() && aged > 0 && millis(agesAt[i]) <= threshold) {
                data.add(q.asStale());
                why.put(q.symbol(), AGE);
            } else if (!q.stale() && ttlPassed && q.marketOpen()) {
                data.add(q.asStale());
                why.put(q.symbol(), TTL);
            } else {
                data.add(q);
            }
        }
        Snapshot marked = s.withData(data, s.marketOpen(), s.nextOpen());
        if (data.isEmpty() && ttlPassed) {
            marked = marked.asStale();
        }
        return new CachedSnapshot(marked, json.writeValueAsBytes(marked), json::writeValueAsBytes, why);
    }

    private static long millis(Instant t) {
        if (t.equals(Instant.MAX) || t.getEpochSecond() > Long.MAX_VALUE / 1000 - 1) {
            return Long.MAX_VALUE;
        }
        if (t.equals(Instant.MIN) || t.getEpochSecond() < Long.MIN_VALUE / 1000 + 1) {
            return Long.MIN_VALUE;
        }
        return t.toEpochMilli();
    }
}
