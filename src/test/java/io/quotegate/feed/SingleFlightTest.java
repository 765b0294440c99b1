package io.quotegate.feed;

import static io.quotegate.feed.RefreshRig.budget;
import static io.quotegate.feed.RefreshRig.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.cache.CachedSnapshot;
import io.quotegate.model.Priority;
import io.quotegate.model.Purpose;
import io.quotegate.model.Window;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** While a feed refreshes, every further refresh of it joins the one in flight: one upstream call, one version. */
class SingleFlightTest {

    private static final List<String> FX = List.of("EUR/USD", "GBP/USD");

    private final RefreshRig rig = RefreshRig.builder()
            .feed(feed("fx", Priority.CRITICAL, FX, "twelvedata"))
            .provider(budget("twelvedata", "per-symbol", 8, 800, null))
            .build();
    private final FakeAdapter twelvedata = rig.adapter("twelvedata");

    /** The next call answers only after {@code after} of virtual time. */
    private void nextCallIsSlow(Duration after) {
        twelvedata.then(batch -> Mono.delay(after, rig.scheduler).map(t -> twelvedata.serving(batch, Map.of())));
    }

    @Test
    void twoConcurrentRefreshesMakeOneCallAndGetTheSameVersion() {
        nextCallIsSlow(Duration.ofSeconds(5));

        RefreshRig.Pending first = rig.start("fx");
        RefreshRig.Pending second = rig.start("fx");
        assertThat(first.done()).isFalse();
        assertThat(second.done()).isFalse();
        rig.clock.advance(Duration.ofSeconds(5));

        assertThat(twelvedata.callCount()).isEqualTo(1);
        assertThat(rig.used("twelvedata", Window.DAY)).isEqualTo(2);
        assertThat(first.result()).isPresent();
        assertThat(second.result()).isPresent();
        assertThat(first.result().get().version()).isEqualTo(1);
        assertThat(second.result().get()).isSameAs(first.result().get());
        assertThat(rig.store.latest("fx")).map(s -> s.version()).contains(1L);
    }

    @Test
    void aWarmUpAndManyWaitersShareOneRefresh() {
        nextCallIsSlow(Duration.ofSeconds(5));

        RefreshRig.Pending warmUp = rig.start("fx", Purpose.WARM_UP);
        List<RefreshRig.Pending> waiters = IntStream.range(0, 10)
                .mapToObj(i -> rig.start("fx", Purpose.SLOT))
                .toList();
        rig.clock.advance(Duration.ofSeconds(5));

        assertThat(twelvedata.callCount()).isEqualTo(1);
        assertThat(waiters)
                .allSatisfy(
                        w -> assertThat(w.result()).containsSame(warmUp.result().orElseThrow()));
        assertThat(rig.report("fx").purpose()).isEqualTo(Purpose.WARM_UP);
    }

    @Test
    void aRefreshAfterTheOneInFlightHasFinishedCallsAgainAndMakesANewVersion() {
        nextCallIsSlow(Duration.ofSeconds(5));
        RefreshRig.Pending first = rig.start("fx");
        rig.clock.advance(Duration.ofSeconds(5));
        assertThat(first.result()).isPresent();
        rig.clock.advance(Duration.ofSeconds(1)); // newer prices, so the next refresh makes a new version

        RefreshRig.Pending next = rig.start("fx");

        assertThat(next.done()).isTrue();
        assertThat(twelvedata.callCount()).isEqualTo(2);
        assertThat(next.result())
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(2));
    }

    @Test
    void aRefreshWhoseSubscriberLeavesEarlyStillFinishesForTheOthers() {
        nextCallIsSlow(Duration.ofSeconds(5));
        var impatient = rig.refresher.refresh("fx", Purpose.SLOT).subscribe();
        RefreshRig.Pending patient = rig.start("fx");

        impatient.dispose();
        rig.clock.advance(Duration.ofSeconds(5));

        assertThat(twelvedata.callCount()).isEqualTo(1);
        assertThat(patient.result())
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
    }

    @Test
    void aRefreshAskedForOnceTheOneInFlightHasDeliveredItsVersionStartsANewOne() {
        nextCallIsSlow(Duration.ofSeconds(5));
        AtomicReference<Optional<CachedSnapshot>> chained = new AtomicReference<>();
        rig.refresher
                .refresh("fx", Purpose.WARM_UP)
                .subscribe(v1 -> rig.refresher.refresh("fx", Purpose.SLOT).subscribe(chained::set));

        rig.clock.advance(Duration.ofSeconds(5));

        assertThat(twelvedata.callCount())
                .as("the slot asked after v1 was delivered must not be answered with v1")
                .isEqualTo(2);
        assertThat(rig.report("fx").purpose()).isEqualTo(Purpose.SLOT);
        assertThat(rig.report("fx").result())
                .as("the same prices at the same instant: v1 is confirmed, not copied")
                .isEqualTo(RefreshReport.Result.UNCHANGED);
        assertThat(chained.get())
                .hasValueSatisfying(v -> assertThat(v.version()).isEqualTo(1));
    }
}
