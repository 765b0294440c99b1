package io.quotegate.feed;

import static io.quotegate.feed.RefreshRig.budget;
import static io.quotegate.feed.RefreshRig.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.cache.CachedSnapshot;
import io.quotegate.model.Priority;
import io.quotegate.model.Purpose;
import io.quotegate.model.ReportedUsage;
import io.quotegate.model.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * A slot's refresh is idempotent by feed and slot instant (issue 19: a replica that takes over the slot of one that
 * died mid-slot must not run it a second time if the first had stored its version), and a recovered slot is a slot.
 */
class SlotIdempotenceTest {

    private final RefreshRig rig = RefreshRig.builder()
            .feed(feed("indices", Priority.NORMAL, List.of("SPX", "NDX"), "marketstack"))
            .provider(budget("marketstack", "per-call", null, 100, null))
            .build();
    private final FakeAdapter marketstack = rig.adapter("marketstack");

    private Optional<CachedSnapshot> slot(Instant at, Purpose purpose) {
        AtomicReference<Optional<CachedSnapshot>> out = new AtomicReference<>();
        rig.refresher.refreshSlot("indices", at, purpose).subscribe(out::set);
        assertThat(out.get()).as("the slot's refresh finished").isNotNull();
        return out.get();
    }

    @Test
    void aSlotWhoseVersionIsStoredDoesNotRunAgain() {
        long first =
                slot(RefreshRig.START, Purpose.SLOT).orElseThrow().snapshot().version();
        rig.clock.advance(Duration.ofSeconds(20));

        Optional<CachedSnapshot> again = slot(RefreshRig.START, Purpose.RECOVERED);

        assertThat(again.orElseThrow().snapshot().version()).isEqualTo(first);
        assertThat(marketstack.calls()).hasSize(1);
    }

    @Test
    void theNextSlotRuns() {
        slot(RefreshRig.START, Purpose.SLOT);
        rig.clock.advance(Duration.ofMinutes(30));

        slot(RefreshRig.START.plus(Duration.ofMinutes(30)), Purpose.SLOT);

        assertThat(marketstack.calls()).hasSize(2);
    }

    @Test
    void aRecoveredSlotIsThinnedLikeAnyOtherWhileTheProviderIsDegraded() {
        rig.ledger.reconcile("marketstack", ReportedUsage.of(Window.DAY, 90)).block();
        slot(RefreshRig.START, Purpose.SLOT);
        rig.clock.advance(Duration.ofMinutes(30));

        slot(RefreshRig.START.plus(Duration.ofMinutes(30)), Purpose.RECOVERED);

        assertThat(rig.outcome("indices", "marketstack").outcome()).isEqualTo(Verdict.Refresh.SKIPPED);
        assertThat(rig.report("indices").purpose()).isEqualTo(Purpose.RECOVERED);
        assertThat(marketstack.calls()).hasSize(1);
    }
}
