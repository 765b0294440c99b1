package io.quotegate.stream;

import static io.quotegate.stream.StreamFixture.HEARTBEAT_FRAME;
import static io.quotegate.stream.StreamFixture.field;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.test.StepVerifier;

class CombinedStreamTest {

    private final StreamFixture f = new StreamFixture();

    private StepVerifier.FirstStep<String> verify(Map<String, Long> lastEventIds) {
        return StepVerifier.withVirtualTime(
                () -> f.broadcaster
                        .combined(List.of("fx", "crypto"), lastEventIds, null)
                        .map(StreamFixture::text),
                () -> f.scheduler,
                Long.MAX_VALUE);
    }

    @Test
    void bothFeedsInterleaveAndEachIdIsTheVectorOfVersionsSent() {
        f.land("fx", 1);
        f.land("crypto", 1);
        List<String> frames = new ArrayList<>();

        verify(Map.of())
                .recordWith(ArrayList::new)
                .expectNextCount(2)
                .consumeRecordedWith(frames::addAll)
                .then(() -> f.land("crypto", 2))
                .assertNext(frame -> {
                    assertThat(field(frame, "event")).isEqualTo("update");
                    assertThat(field(frame, "id")).isEqualTo("fx:1,crypto:2");
                    assertThat(field(frame, "data"))
                            .contains("\"feed\":\"crypto\"")
                            .contains("\"version\":2");
                })
                .then(() -> f.land("fx", 2))
                .assertNext(frame -> {
                    assertThat(field(frame, "id")).isEqualTo("fx:2,crypto:2");
                    assertThat(field(frame, "data")).contains("\"feed\":\"fx\"");
                    assertThat(EventIds.parse(field(frame, "id")))
                            .containsExactly(Map.entry("fx", 2L), Map.entry("crypto", 2L));
                })
                .thenCancel()
                .verify(Duration.ofSeconds(5));

        assertThat(frames).extracting(fr -> field(fr, "event")).containsExactly("snapshot", "snapshot");
        assertThat(frames).extracting(StreamFixture::feedOf).containsExactlyInAnyOrder("fx", "crypto");
        assertThat(field(frames.get(1), "id")).isIn("fx:1,crypto:1", "crypto:1,fx:1");
        assertThat(EventIds.parse(field(frames.get(1), "id")))
                .containsOnly(Map.entry("fx", 1L), Map.entry("crypto", 1L));
    }

    @Test
    void aResumeReplaysOnlyTheFeedsThatAreBehind() {
        f.land("fx", 1);
        f.land("crypto", 1);
        f.land("crypto", 2);

        verify(Map.of("fx", 1L, "crypto", 1L))
                .assertNext(frame -> {
                    assertThat(field(frame, "event")).isEqualTo("snapshot");
                    assertThat(field(frame, "data"))
                            .contains("\"feed\":\"crypto\"")
                            .contains("\"version\":2");
                })
                .expectNoEvent(Duration.ofSeconds(10))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void afterAResumeTheIdVectorStillNamesTheFeedsThatWereCurrent() {
        f.land("fx", 1);
        f.land("crypto", 1);

        verify(Map.of("fx", 1L, "crypto", 1L))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(5))
                .then(() -> f.land("crypto", 2))
                .assertNext(frame -> {
                    assertThat(field(frame, "event")).isEqualTo("update");
                    assertThat(EventIds.parse(field(frame, "id")))
                            .containsOnly(Map.entry("fx", 1L), Map.entry("crypto", 2L));
                })
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aCombinedStreamHasOneHeartbeatEveryFifteenSeconds() {
        f.land("fx", 1);
        f.land("crypto", 1);

        verify(Map.of("fx", 1L, "crypto", 1L))
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(15).minusMillis(1))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(HEARTBEAT_FRAME)
                .expectNoEvent(Duration.ofSeconds(15).minusMillis(1))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aCombinedStreamCountsAsASubscriberOfEachFeed() {
        Disposable d =
                f.broadcaster.combined(List.of("fx", "crypto"), Map.of(), null).subscribe();
        assertThat(f.gauge("fx")).isEqualTo(1.0);
        assertThat(f.gauge("crypto")).isEqualTo(1.0);

        d.dispose();
        assertThat(f.gauge("fx")).isZero();
        assertThat(f.gauge("crypto")).isZero();
    }

    @Test
    void eventIdsReadBackWhatTheyWrite() {
        String id = EventIds.format(new java.util.LinkedHashMap<>(Map.of("fx", 42L)));
        assertThat(id).isEqualTo("fx:42");
        assertThat(EventIds.parse("fx:42,crypto:17")).containsExactly(Map.entry("fx", 42L), Map.entry("crypto", 17L));
        assertThat(EventIds.parse(" fx : 3 , crypto:4")).containsExactly(Map.entry("fx", 3L), Map.entry("crypto", 4L));
    }

    @Test
    void eventIdPartsThatAreNotFeedColonVersionAreIgnored() {
        assertThat(EventIds.parse(null)).isEmpty();
        assertThat(EventIds.parse("")).isEmpty();
        assertThat(EventIds.parse("42")).isEmpty();
        assertThat(EventIds.parse("fx:abc,crypto:5,:7")).containsExactly(Map.entry("crypto", 5L));
    }
}
