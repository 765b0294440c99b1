package io.quotegate.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Monthly counts of a single replica survive a restart through the data directory. */
class LocalUsageFileTest {

    static final Client CLIENT = new Client("key:team-a", "team-a", new Tier("small", 0, 0, 10, 0), true);
    static final YearMonth DEC = YearMonth.of(2026, 12);

    @Test
    void countsSurviveARestart(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub").resolve("client-usage.tsv");
        LocalUsageCounters before = new LocalUsageCounters(file);
        before.add(CLIENT, DEC, 3, 300).block();
        before.add(CLIENT, DEC.plusMonths(1), 1, 10).block();
        before.close();
        assertThat(Files.readString(file)).contains("key:team-a").doesNotContain("test-key");

        LocalUsageCounters after = new LocalUsageCounters(file);
        assertThat(after.read(CLIENT, DEC).block()).isEqualTo(new MonthlyUsage(3, 300));
        assertThat(after.add(CLIENT, DEC, 1, 1).block()).isEqualTo(new MonthlyUsage(4, 301));
        assertThat(after.read(CLIENT, DEC.plusMonths(1)).block()).isEqualTo(new MonthlyUsage(1, 10));
    }

    @Test
    void anUnreadableFileStartsFromZero(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("client-usage.tsv");
        Files.writeString(file, "2026-12\tkey:team-a\tnot-a-number\t1\n");
        assertThat(new LocalUsageCounters(file).read(CLIENT, DEC).block()).isEqualTo(MonthlyUsage.NONE);
    }
}
