package io.quotegate.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Quote;
import io.quotegate.model.Snapshot;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** What a version prepares once for every reader: ETags, narrowed bodies, gzip. */
class CachedSnapshotTest {

    private static final Instant T0 = Instant.parse("2024-03-05T10:00:05Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static CachedSnapshot version(long v, boolean stale, String... symbols) {
        List<Quote> quotes = java.util.Arrays.stream(symbols)
                .map(s -> Quote.of(s, BigDecimal.ONE, null, null, T0, "demo"))
                .map(q -> stale ? q.asStale() : q)
                .toList();
        Snapshot s = new Snapshot("fx", v, T0, stale, "demo", quotes);
        return new CachedSnapshot(s, JSON.writeValueAsBytes(s), JSON::writeValueAsBytes);
    }

    @Test
    void theStrongTagNamesFeedVersionAndStaleness() {
        assertThat(version(42, false, "A").etag()).isEqualTo("\"fx-42\"");
        assertThat(version(42, true, "A").etag()).isEqualTo("\"fx-42-stale-1\"");
    }

    @Test
    void eachReadingOfAVersionHasItsOwnTagNamingWhichQuotesAreStale() {
        Quote a = Quote.of("A", BigDecimal.ONE, null, null, T0, "demo");
        Quote b = Quote.of("B", BigDecimal.ONE, null, null, T0, "demo");
        Quote c = Quote.of("C", BigDecimal.ONE, null, null, T0, "demo");
        String onlyB = CachedSnapshot.etagOf(new Snapshot("fx", 7, T0, true, "demo", List.of(a, b.asStale(), c)));
        String onlyC = CachedSnapshot.etagOf(new Snapshot("fx", 7, T0, true, "demo", List.of(a, b, c.asStale())));
        String all = CachedSnapshot.etagOf(
                new Snapshot("fx", 7, T0, true, "demo", List.of(a.asStale(), b.asStale(), c.asStale())));

        assertThat(onlyB).isEqualTo("\"fx-7-stale-2\"");
        assertThat(onlyC).isEqualTo("\"fx-7-stale-4\"");
        assertThat(all).isEqualTo("\"fx-7-stale-7\"");
    }

    @Test
    void aNarrowedTagIsWeakAndTheSameForTheSameSetInAnyOrder() {
        CachedSnapshot v = version(42, false, "A", "B", "C");
        String ab = v.narrowed(new LinkedHashSet<>(List.of("A", "B"))).etag();
        assertThat(ab).matches("W/\"fx-42-[0-9a-f]{24}\"");
        assertThat(v.narrowed(new LinkedHashSet<>(List.of("B", "A"))).etag()).isEqualTo(ab);
        assertThat(version(43, false, "A", "B", "C").narrowed(Set.of("A", "B")).etag())
                .isNotEqualTo(ab);
    }

    @Test
    void setsWhoseHashCodesCollideStillGetDifferentTags() {
        // "Aa" and "BB" share String.hashCode, so Set.hashCode() could not tell {Aa} from {BB}.
        assertThat("Aa".hashCode()).isEqualTo("BB".hashCode());
        assertThat(Set.of("Aa").hashCode()).isEqualTo(Set.of("BB").hashCode());
        CachedSnapshot v = version(1, false, "Aa", "BB");
        assertThat(v.narrowed(Set.of("Aa")).etag())
                .isNotEqualTo(v.narrowed(Set.of("BB")).etag());
        assertThat(CachedSnapshot.digest(Set.of("A", "B"))).isNotEqualTo(CachedSnapshot.digest(Set.of("AB")));
    }

    @Test
    void aNarrowedBodyHasOnlyTheAskedSymbolsInFeedOrderAndIsPreparedOnce() {
        CachedSnapshot v = version(7, false, "A", "B", "C");
        var narrowed = v.narrowed(new LinkedHashSet<>(List.of("C", "A")));
        assertThat(new String(narrowed.json()))
                .contains("\"symbol\":\"A\"")
                .contains("\"symbol\":\"C\"")
                .doesNotContain("\"symbol\":\"B\"");
        assertThat(new String(narrowed.json()).indexOf("\"A\""))
                .isLessThan(new String(narrowed.json()).indexOf("\"C\""));
        assertThat(v.narrowed(new HashSet<>(List.of("A", "C")))).isSameAs(narrowed);
    }

    @Test
    void theGzipBytesInflateToTheJsonAndAreBuiltOnce() throws IOException {
        CachedSnapshot v = version(7, false, "A", "B", "C");
        byte[] gz = v.full().gzip();
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            assertThat(in.readAllBytes()).isEqualTo(v.json());
        }
        assertThat(v.full().gzip()).isSameAs(gz);
    }
}
