package io.quotegate.feed;

import static io.quotegate.feed.RefreshRig.budget;
import static io.quotegate.feed.RefreshRig.feed;
import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.model.Priority;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** A provider call that never answers cannot hold a feed past its slot. */
class HungProviderTest {

    private final RefreshRig rig = RefreshRig.builder()
            .feed(feed("fx", Priority.CRITICAL, List.of("EUR/USD"), "twelvedata"))
            .provider(budget("twelvedata", "per-symbol", 8, 800, null))
            .build();
    private final FakeAdapter twelvedata = rig.adapter("twelvedata");

    @Test
    void aRefreshWhoseCallNeverAnswersEndsBeforeTheSlotAfterNext() {
        twelvedata.then(batch -> Mono.never());

        RefreshRig.Pending refresh = rig.start("fx");
        rig.clock.advance(Duration.ofMinutes(30));   // the next slot
        assertThat(refresh.done()).as("still inside its grace minute").isFalse();

        rig.clock.advance(Duration.ofMinutes(1));

        assertThat(refresh.done()).isTrue();
        assertThat(refresh.result()).isEmpty();
        RefreshRig.Pending next = rig.start("fx");
        assertThat(next.done()).as("the next slot runs: it is not joined to the hung one").isTrue();
        assertThat(twelvedata.callCount()).isEqualTo(2);
    }
}
