package io.quotegate.budget;

import static io.quotegate.budget.LedgerFixture.normal;
import static io.quotegate.budget.LedgerFixture.twelveData;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.SlotUnit;
import io.quotegate.model.Window;
import io.quotegate.testing.MutableClock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Readers take no lock: a save in progress (a slow fsync) never holds up usage() or recentDecisions(). */
class MemoryLedgerReadsTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2024-03-05T10:00:05Z"));

    /** A store whose save waits until released, and says when a save has started. */
    private static final class StalledStore implements LedgerStore {
        final CountDownLatch saving = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile long savedTotal = -1;

        @Override
        public Loaded load() {
            return new Loaded(Map.of(), true);
        }

        @Override
        public void save(Map<String, Map<Window, Counter>> counters) {
            saving.countDown();
            try {
                release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            savedTotal = counters.get("twelvedata").get(Window.DAY).total;
        }
    }

    @Test
    void usageAndDecisionsAnswerWhileASaveIsStalledAndShowOnlyWhatIsDurable() throws Exception {
        StalledStore store = new StalledStore();
        MemoryLedger ledger = LedgerFixture.ledger(clock, SlotUnit.MINUTES, Map.of(), store, twelveData());
        CompletableFuture<Decision> grant =
                CompletableFuture.supplyAsync(() -> ledger.decide(normal("twelvedata", "fx", 3)));
        assertThat(store.saving.await(10, TimeUnit.SECONDS))
                .as("the save started")
                .isTrue();

        // The writer is inside save(); these would block on a shared lock.
        CompletableFuture<Usage> usage = CompletableFuture.supplyAsync(() -> ledger.usage("twelvedata"));
        CompletableFuture<List<DecisionRecord>> decisions = CompletableFuture.supplyAsync(ledger::recentDecisions);
        assertThat(usage.get(10, TimeUnit.SECONDS).used(Window.DAY))
                .as("the spend is not visible before it is durable")
                .isZero();
        assertThat(decisions.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(grant).isNotDone();

        store.release.countDown();
        assertThat(grant.get(10, TimeUnit.SECONDS).granted()).isTrue();
        assertThat(store.savedTotal)
                .as("write-ahead: on disk before the grant answered")
                .isEqualTo(3);
        assertThat(ledger.usage("twelvedata").used(Window.DAY)).isEqualTo(3);
        assertThat(ledger.recentDecisions()).hasSize(1);
    }

    @Test
    void aReadAfterTheMinuteRollsOverShowsAnEmptyMinuteWithoutAWrite() {
        MemoryLedger ledger = LedgerFixture.ledger(clock, SlotUnit.MINUTES, twelveData());
        ledger.decide(normal("twelvedata", "fx", 5));
        assertThat(ledger.usage("twelvedata").used(Window.MINUTE)).isEqualTo(5);

        clock.advance(java.time.Duration.ofMinutes(1));

        Usage after = ledger.usage("twelvedata");
        assertThat(after.used(Window.MINUTE)).isZero();
        assertThat(after.used(Window.DAY)).isEqualTo(5);
        assertThat(after.windows().get(Window.MINUTE).start()).isEqualTo(Instant.parse("2024-03-05T10:01:00Z"));
    }
}
