package io.quotegate.budget;

import static io.quotegate.budget.LedgerFixture.ledger;
import static io.quotegate.budget.LedgerFixture.normal;
import static io.quotegate.budget.LedgerFixture.reserve;
import static io.quotegate.budget.LedgerFixture.twelveData;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.budget.Decision.Kind;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.Window;
import io.quotegate.testing.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spends survive a restart through ledger.json; a missing or corrupt record gives a conservative start. */
class FileLedgerPersistenceTest {

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2025-03-14T13:44:18.612Z");

    private MemoryLedger start() {
        return ledger(clock, SlotUnit.MINUTES, Map.of(), new FileLedgerStore(dir), twelveData());
    }

    /** A start that finds no record in a directory in use waits out the current minute before spending. */
    private MemoryLedger firstStartPastTheConservativeMinute() {
        MemoryLedger l = startWithRecordRemoved();
        clock.advance(Duration.ofMinutes(1));
        return l;
    }

    /** The data directory was in use (something else lives in it) but ledger.json is gone. */
    private MemoryLedger startWithRecordRemoved() {
        try {
            java.nio.file.Files.writeString(dir.resolve("notes.txt"), "in use");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return start();
    }

    @Test
    void aFirstStartInANewDataDirectoryIsNotALostRecord() {
        MemoryLedger l =
                ledger(clock, SlotUnit.MINUTES, Map.of(), new FileLedgerStore(dir.resolve("new")), twelveData());

        assertThat(reserve(l, normal("twelvedata", "fx", 8)).kind()).isEqualTo(Kind.GRANTED);
        assertThat(l.usage("twelvedata").used(Window.DAY)).isEqualTo(8);
    }

    @Test
    void shouldKeepWhatASpendNearTheEdgeCountedInTheNextMinuteOverARestart() {
        clock.set(Instant.parse("2025-03-14T13:44:59.800Z"));
        MemoryLedger before =
                ledger(clock, SlotUnit.MINUTES, Map.of(), new FileLedgerStore(dir), MemoryLedgerEdgeTest.guarded());
        reserve(before, normal("twelvedata", "fx", 8));

        clock.set(Instant.parse("2025-03-14T13:45:00.100Z"));
        MemoryLedger after =
                ledger(clock, SlotUnit.MINUTES, Map.of(), new FileLedgerStore(dir), MemoryLedgerEdgeTest.guarded());

        assertThat(after.usage("twelvedata").used(Window.MINUTE)).isEqualTo(8);
        assertThat(reserve(after, normal("twelvedata", "crypto", 1)).kind()).isEqualTo(Kind.WAIT);
    }

    @Test
    void shouldStartConservativelyWhenRecordIsMissing() {
        MemoryLedger l = startWithRecordRemoved();

        Decision first = reserve(l, normal("twelvedata", "fx", 1));

        assertThat(first.kind()).isEqualTo(Kind.WAIT);
        assertThat(first.delay()).isEqualTo(Duration.ofMillis(41_388));
        assertThat(l.usage("twelvedata").used(Window.MINUTE)).isEqualTo(8);
        // 13:44:18.612 is 57.24 % of the UTC day: the day counts as spent at an even pace so far.
        assertThat(l.usage("twelvedata").used(Window.DAY)).isEqualTo((long) Math.ceil(800 * (49_458.612 / 86_400)));
        clock.advance(first.delay());
        assertThat(reserve(l, normal("twelvedata", "fx", 8)).kind()).isEqualTo(Kind.GRANTED);
    }

    @Test
    void shouldWriteTheSpendBeforeTheRequestLeaves() {
        MemoryLedger l = firstStartPastTheConservativeMinute();

        reserve(l, normal("twelvedata", "fx", 5));

        LedgerStore.Loaded loaded = new FileLedgerStore(dir).load();
        assertThat(loaded.trusted()).isTrue();
        Counter day = loaded.counters().get("twelvedata").get(Window.DAY);
        assertThat(day.feed("fx")).isEqualTo(5);
        assertThat(day.start).isEqualTo(Instant.parse("2025-03-14T00:00:00Z"));
    }

    @Test
    void shouldContinueFromRecordedTotalsAfterRestart() {
        reserve(firstStartPastTheConservativeMinute(), normal("twelvedata", "fx", 5));

        MemoryLedger restarted = start();

        Usage usage = restarted.usage("twelvedata");
        assertThat(usage.used(Window.MINUTE)).isEqualTo(5);
        assertThat(usage.windows().get(Window.DAY).byFeed()).containsEntry("fx", 5L);
        assertThat(reserve(restarted, normal("twelvedata", "crypto", 4)).kind()).isEqualTo(Kind.WAIT);
        assertThat(reserve(restarted, normal("twelvedata", "crypto", 3)).kind()).isEqualTo(Kind.GRANTED);

        MemoryLedger again = start();
        long assumed =
                again.usage("twelvedata").windows().get(Window.DAY).byFeed().get(MemoryLedger.UNKNOWN);
        assertThat(assumed)
                .as("the first start's conservative assumption is kept")
                .isPositive();
        assertThat(again.usage("twelvedata").used(Window.DAY)).isEqualTo(assumed + 8); // + 5 + 3
        assertThat(again.usage("twelvedata").windows().get(Window.DAY).byFeed())
                .containsEntry("fx", 5L)
                .containsEntry("crypto", 3L);
    }

    @Test
    void shouldAssumeNothingForInProcessProvidersWhenRecordIsMissing() throws java.io.IOException {
        java.nio.file.Files.writeString(dir.resolve("notes.txt"), "in use");
        MemoryLedger l = ledgerWithInProcessDemo();

        assertThat(l.usage("twelvedata").used(Window.DAY)).isPositive();
        assertThat(l.usage("demo").used(Window.DAY)).isZero();
        assertThat(l.usage("demo").used(Window.MINUTE)).isZero();
        assertThat(reserve(l, normal("demo", "fx", 8)).kind()).isEqualTo(Kind.GRANTED);
    }

    private MemoryLedger ledgerWithInProcessDemo() {
        Budget demo = new Budget("demo", CostModel.parse("per-symbol"), Map.of(Window.MINUTE, 8, Window.DAY, 800));
        return new MemoryLedger(
                Map.of("twelvedata", twelveData(), "demo", demo),
                Map.of(),
                Thresholds.defaults(),
                clock,
                io.quotegate.model.TimeScale.of(SlotUnit.MINUTES),
                new FileLedgerStore(dir),
                java.util.Set.of("demo"));
    }

    @Test
    void shouldNotCarryOverWindowsFromAnEarlierDay() {
        clock.set(Instant.parse("2025-03-14T00:58:30.250Z"));
        reserve(firstStartPastTheConservativeMinute(), normal("twelvedata", "fx", 5));

        clock.set(Instant.parse("2025-03-15T00:03:11.004Z"));
        MemoryLedger restarted = start();

        Usage usage = restarted.usage("twelvedata");
        assertThat(usage.used(Window.DAY))
                .as("yesterday's spends and assumption stay in yesterday")
                .isZero();
        assertThat(usage.used(Window.MONTH)).isEqualTo(5); // same month
        assertThat(reserve(restarted, normal("twelvedata", "fx", 8)).kind()).isEqualTo(Kind.GRANTED);
    }

    @Test
    void shouldNotCarryOverTheMonthIntoTheNextMonth() {
        clock.set(Instant.parse("2025-03-31T23:58:02.777Z"));
        reserve(firstStartPastTheConservativeMinute(), normal("twelvedata", "fx", 5));

        clock.set(Instant.parse("2025-04-01T00:00:00.001Z"));
        MemoryLedger restarted = start();

        assertThat(restarted.usage("twelvedata").used(Window.MONTH)).isZero();
        assertThat(restarted.usage("twelvedata").windows().get(Window.MONTH).start())
                .isEqualTo(Instant.parse("2025-04-01T00:00:00Z"));
    }

    @Test
    void shouldStartConservativelyAndMoveCorruptRecordAside() throws IOException {
        byte[] garbage = {0x7b, 0x00, (byte) 0xff, 0x13, 'n', 'o', 'p', 'e'};
        Files.write(dir.resolve("ledger.json"), garbage);

        MemoryLedger l = start();

        assertThat(dir.resolve("ledger.json.corrupt")).exists().hasBinaryContent(garbage);
        assertThat(dir.resolve("ledger.json")).doesNotExist();
        assertThat(reserve(l, normal("twelvedata", "fx", 1)).kind()).isEqualTo(Kind.WAIT);
        clock.advance(Duration.ofMinutes(1));
        assertThat(reserve(l, normal("twelvedata", "fx", 2)).kind()).isEqualTo(Kind.GRANTED);
        assertThat(new FileLedgerStore(dir).load().trusted()).isTrue();
    }

    @Test
    void shouldTreatWellFormedJsonWithoutProvidersAsCorrupt() throws IOException {
        Files.writeString(dir.resolve("ledger.json"), "{\"version\":1}");

        LedgerStore.Loaded loaded = new FileLedgerStore(dir).load();

        assertThat(loaded.trusted()).isFalse();
        assertThat(loaded.counters()).isEmpty();
        assertThat(dir.resolve("ledger.json.corrupt")).hasContent("{\"version\":1}");
    }
}
