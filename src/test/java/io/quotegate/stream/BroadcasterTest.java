package io.quotegate.stream;

import static io.quotegate.stream.StreamFixture.HEARTBEAT_FRAME;
import static io.quotegate.stream.StreamFixture.field;
import static io.quotegate.stream.StreamFixture.text;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.Disposable;
import reactor.core.publisher.BaseSubscriber;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

class BroadcasterTest {

    private final StreamFixture f = new StreamFixture();

    private Flux<String> fx(Long lastEventId) {
        return f.broadcaster.stream("fx", lastEventId, null).map(StreamFixture::text);
    }

    private StepVerifier.FirstStep<String> verify(Long lastEventId, long request) {
        return StepVerifier.withVirtualTime(() -> fx(lastEventId), () -> f.scheduler, request);
    }

    @Test
    void aSubscriberGetsTheCurrentVersionAsSnapshotThenEachNewVersionAsUpdate() {
        f.land("fx", 1);

        verify(null, Long.MAX_VALUE)
                .assertNext(frame -> {
                    assertThat(field(frame, "event")).isEqualTo("snapshot");
                    assertThat(field(frame, "id")).isEqualTo("1");
                    assertThat(field(frame, "data"))
                            .isEqualTo(text(f.store.read("fx").orElseThrow().json()));
                })
                .then(() -> f.land("fx", 2))
                .assertNext(frame -> assertThat(frame).startsWith("id: 2\nevent: update\ndata: {"))
                .then(() -> f.land("fx", 3))
                .assertNext(frame -> assertThat(frame).startsWith("id: 3\nevent: update\ndata: {"))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aClientWhoseLastEventIdIsCurrentGetsNoReplayAndTheNextVersionAsUpdate() {
        f.land("fx", 1);
        f.land("fx", 2);

        verify(2L, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(10))
                .then(() -> f.land("fx", 3))
                .assertNext(frame -> {
                    assertThat(field(frame, "event")).isEqualTo("update");
                    assertThat(field(frame, "id")).isEqualTo("3");
                })
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aClientWithAnOlderLastEventIdGetsTheCurrentVersion() {
        f.land("fx", 1);
        f.land("fx", 2);
        f.land("fx", 3);

        verify(1L, Long.MAX_VALUE)
                .assertNext(frame -> assertThat(frame).startsWith("id: 3\nevent: snapshot\n"))
                .expectNoEvent(Duration.ofSeconds(10))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void beforeTheFirstSuccessTheFirstVersionArrivesAsSnapshot() {
        verify(null, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(5))
                .then(() -> f.land("fx", 1))
                .assertNext(frame -> assertThat(frame).startsWith("id: 1\nevent: snapshot\n"))
                .then(() -> f.land("fx", 2))
                .assertNext(frame -> assertThat(frame).startsWith("id: 2\nevent: update\n"))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void asTheServiceStopsEveryStreamEndsAfterWhatIsPendingAndALateOneAfterItsSnapshot() {
        f.land("fx", 1);

        verify(null, Long.MAX_VALUE)
                .assertNext(frame -> assertThat(frame).startsWith("id: 1\nevent: snapshot\n"))
                .then(() -> assertThat(f.broadcaster.subscribers("fx")).isEqualTo(1))
                .then(f.broadcaster::endAll)
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(f.broadcaster.subscribers("fx")).as("left its feed").isZero();

        verify(null, Long.MAX_VALUE)
                .assertNext(frame -> assertThat(frame).startsWith("id: 1\nevent: snapshot\n"))
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(f.broadcaster.subscribers("fx")).isZero();
    }

    @Test
    void afterAStartAgainStreamsStayOpen() {
        f.land("fx", 1);
        f.broadcaster.endAll();
        f.broadcaster.resume();

        verify(null, Long.MAX_VALUE)
                .assertNext(frame -> assertThat(frame).startsWith("id: 1\nevent: snapshot\n"))
                .then(() -> f.land("fx", 2))
                .assertNext(frame -> assertThat(frame).startsWith("id: 2\nevent: update\n"))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aStreamWithoutDemandEndsAtOnceAndResumesByItsLastEventId() {
        f.land("fx", 1);

        verify(null, 0) // a slow client: the snapshot waits for demand that does not come
                .expectSubscription()
                .then(f.broadcaster::endAll)
                .expectComplete()
                .verify(Duration.ofSeconds(5));
        assertThat(f.broadcaster.subscribers("fx")).isZero();
    }

    @Test
    void aHeartbeatCommentComesEveryFifteenSecondsAndNotBefore() {
        f.land("fx", 1);

        verify(1L, Long.MAX_VALUE)
                .expectSubscription()
                .expectNoEvent(Duration.ofSeconds(15).minusMillis(1))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(HEARTBEAT_FRAME)
                .expectNoEvent(Duration.ofSeconds(15).minusMillis(1))
                .thenAwait(Duration.ofMillis(1))
                .expectNext(HEARTBEAT_FRAME)
                .thenAwait(Duration.ofSeconds(30))
                .expectNext(HEARTBEAT_FRAME, HEARTBEAT_FRAME)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void heartbeatsAndUpdatesInterleave() {
        f.land("fx", 1);

        verify(null, Long.MAX_VALUE)
                .assertNext(frame -> assertThat(field(frame, "event")).isEqualTo("snapshot"))
                .thenAwait(Duration.ofSeconds(15))
                .expectNext(HEARTBEAT_FRAME)
                .then(() -> f.land("fx", 2))
                .assertNext(frame -> assertThat(field(frame, "event")).isEqualTo("update"))
                .thenAwait(Duration.ofSeconds(15))
                .expectNext(HEARTBEAT_FRAME)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aSlowSubscriberIsSentNothingWithoutDemand() {
        f.land("fx", 1);
        List<String> got = new ArrayList<>();
        BaseSubscriber<Frame> slow = slowSubscriber(got);
        f.broadcaster.stream("fx", null, null).subscribe(slow);

        for (long v = 2; v <= 6; v++) {
            f.land("fx", v);
        }

        assertThat(got).extracting(frame -> field(frame, "id")).containsExactly("1");
        slow.dispose();
    }

    @Test
    void aSlowSubscriberSkipsToTheLatestVersion() {
        f.land("fx", 1);
        List<String> got = new ArrayList<>();
        BaseSubscriber<Frame> slow = slowSubscriber(got);
        f.broadcaster.stream("fx", null, null).subscribe(slow);
        for (long v = 2; v <= 6; v++) {
            f.land("fx", v);
        }

        slow.request(10);
        slow.dispose();

        List<String> ids = got.stream().map(frame -> field(frame, "id")).toList();
        assertThat(ids).first().isEqualTo("1");
        assertThat(ids).last().as("the newest version arrives").isEqualTo("6");
        assertThat(ids.subList(1, ids.size() - 1))
                .as("intermediate versions delivered after the stall")
                .hasSizeLessThanOrEqualTo(1);
    }

    private static BaseSubscriber<Frame> slowSubscriber(List<String> got) {
        return new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                subscription.request(1);
            }

            @Override
            protected void hookOnNext(Frame frame) {
                got.add(text(frame));
            }
        };
    }

    @Test
    void theSubscriberGaugeGoesUpOnSubscribeAndDownOnCancel() {
        f.land("fx", 1);
        assertThat(f.gauge("fx")).isZero();

        Disposable first = f.broadcaster.stream("fx", null, null).subscribe();
        Disposable second = f.broadcaster.stream("fx", null, null).subscribe();
        assertThat(f.gauge("fx")).isEqualTo(2.0);
        assertThat(f.broadcaster.subscribers("fx")).isEqualTo(2);
        assertThat(f.gauge("crypto")).isZero();

        first.dispose();
        assertThat(f.gauge("fx")).isEqualTo(1.0);
        second.dispose();
        assertThat(f.gauge("fx")).isZero();
    }

    @Test
    void twoSubscribersOfTheSameVersionGetTheSameFrameBytes() {
        f.land("fx", 1);
        List<Frame> a = new ArrayList<>();
        List<Frame> b = new ArrayList<>();
        Disposable da = f.broadcaster.stream("fx", null, null).subscribe(a::add);
        Disposable db = f.broadcaster.stream("fx", null, null).subscribe(b::add);

        f.land("fx", 2);
        da.dispose();
        db.dispose();

        assertThat(a).hasSize(2);
        assertThat(b).hasSize(2);
        assertThat(a.get(0)).isSameAs(b.get(0));
        assertThat(a.get(1)).isSameAs(b.get(1));
        assertThat(a.get(0).bytes()).isSameAs(b.get(0).bytes());
        assertThat(a.get(1).bytes()).isSameAs(b.get(1).bytes());
        assertThat(a).extracting(Frame::kind).containsOnly(Frame.Kind.DATA);
        assertThat(text(a.get(1)))
                .isEqualTo("id: 2\nevent: update\ndata: "
                        + text(f.store.read("fx").orElseThrow().json()) + "\n\n");
    }

    @Test
    void aVersionOfAnUnknownFeedReachesNoSubscriber() {
        f.land("fx", 1);
        var unknown =
                f.store.put(new io.quotegate.model.Snapshot("metals", 1, f.clock.instant(), false, "demo", List.of()));

        verify(1L, Long.MAX_VALUE)
                .expectSubscription()
                .then(() -> f.broadcaster.publish(unknown))
                .expectNoEvent(Duration.ofSeconds(10))
                .thenCancel()
                .verify(Duration.ofSeconds(5));
        assertThat(f.broadcaster.subscribers("metals")).isZero();
    }

    @Test
    void oneSharedTickBeatsEverySubscriberOnceAndACancelledOneNoMore() {
        f.land("fx", 1);
        List<List<String>> got = new ArrayList<>();
        List<Disposable> subs = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            List<String> frames = new ArrayList<>();
            got.add(frames);
            subs.add(f.broadcaster.stream("fx", 1L, null)
                    .map(StreamFixture::text)
                    .subscribe(frames::add));
        }
        subs.get(0).dispose();

        f.scheduler.advanceTimeBy(Duration.ofSeconds(15));

        assertThat(got.get(0)).isEmpty();
        assertThat(got.subList(1, got.size()))
                .allSatisfy(frames -> assertThat(frames).containsExactly(HEARTBEAT_FRAME));
        assertThat(f.broadcaster.subscribers("fx")).isEqualTo(499);
        subs.forEach(Disposable::dispose);
        assertThat(f.broadcaster.subscribers("fx")).isZero();
    }

    @Test
    void aSubscriberWithoutDemandHoldsOnlyTheNewestOfManyVersions() {
        f.land("fx", 1);
        List<String> got = new ArrayList<>();
        BaseSubscriber<Frame> slow = slowSubscriber(got);
        f.broadcaster.stream("fx", null, null).subscribe(slow);
        for (long v = 2; v <= 1000; v++) {
            f.land("fx", v);
        }

        slow.request(Long.MAX_VALUE);
        slow.dispose();

        assertThat(got).extracting(frame -> field(frame, "id")).containsExactly("1", "1000");
    }

    @Test
    void aSubscriberWithALaneGetsVersionsAndHeartbeatsThroughItsLane() {
        f.land("fx", 1);
        LanesTest.QueuedLane lane = new LanesTest.QueuedLane();
        List<String> got = new ArrayList<>();
        Disposable d =
                f.broadcaster.stream("fx", null, lane).map(StreamFixture::text).subscribe(got::add);
        assertThat(got).as("the snapshot is sent at subscribe").hasSize(1);

        f.land("fx", 2);
        assertThat(got).as("nothing is written off the lane").hasSize(1);
        lane.runAll();
        assertThat(got).hasSize(2);
        assertThat(got.get(1)).startsWith("id: 2\nevent: update\n");

        f.scheduler.advanceTimeBy(StreamFixture.HEARTBEAT);
        assertThat(got).hasSize(2);
        lane.runAll();
        assertThat(got).last().isEqualTo(HEARTBEAT_FRAME);
        d.dispose();
    }
}
