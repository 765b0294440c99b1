package io.quotegate.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The wire format: events, their ids, the warning event, retry and the heartbeat comment, and their kinds. */
class SseTest {

    private final StreamFixture f = new StreamFixture();

    @Test
    void aVersionsFramesAreEncodedOncePerEventNameAndSharedByTheBroadcaster() {
        var v = f.store.put(f.snapshot("fx", 9));
        VersionFrames frames = f.broadcaster.framesOf(v);

        assertThat(f.broadcaster.framesOf(v)).isSameAs(frames);
        assertThat(frames.snapshot()).isSameAs(frames.snapshot());
        String json = StreamFixture.text(v.json());
        assertThat(StreamFixture.text(frames.snapshot())).isEqualTo("id: 9\nevent: snapshot\ndata: " + json + "\n\n");
        assertThat(StreamFixture.text(frames.update())).isEqualTo("id: 9\nevent: update\ndata: " + json + "\n\n");
        assertThat(frames.update().message()).isTrue();
    }

    @Test
    void anOlderVersionGetsFramesWithoutReplacingTheNewestOnes() {
        var v1 = f.store.put(f.snapshot("fx", 1));
        var v2 = f.store.put(f.snapshot("fx", 2));
        VersionFrames newest = f.broadcaster.framesOf(v2);

        assertThat(f.broadcaster.framesOf(v1).version).isSameAs(v1);
        assertThat(f.broadcaster.framesOf(v2)).isSameAs(newest);
    }

    @Test
    void combinedStreamsOfTheSameFeedsShareTheirFramesBytes() {
        f.land("fx", 1);
        f.land("crypto", 1);
        java.util.List<Frame> a = new java.util.ArrayList<>();
        java.util.List<Frame> b = new java.util.ArrayList<>();
        var da = f.broadcaster
                .combined(java.util.List.of("fx", "crypto"), java.util.Map.of(), null)
                .subscribe(a::add);
        var db = f.broadcaster
                .combined(java.util.List.of("fx", "crypto"), java.util.Map.of(), null)
                .subscribe(b::add);
        f.land("fx", 2);
        da.dispose();
        db.dispose();

        assertThat(a).hasSize(3).hasSameSizeAs(b);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).bytes()).isSameAs(b.get(i).bytes());
        }
        assertThat(StreamFixture.text(a.get(2))).startsWith("id: fx:2,crypto:1\nevent: update\n");
    }

    @Test
    void onlyDataEventsAreMessages() {
        Frame warning = Sse.warning("{\"type\":\"rate_limit_warning\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(StreamFixture.text(warning))
                .isEqualTo("event: warning\ndata: {\"type\":\"rate_limit_warning\"}\n\n");
        assertThat(warning.message()).isFalse();
        assertThat(Sse.RETRY.message()).isFalse();
        assertThat(StreamFixture.text(Sse.RETRY)).isEqualTo("retry: 5000\n\n");
        assertThat(Sse.HEARTBEAT.message()).isFalse();
        assertThat(Sse.HEARTBEAT.kind()).isEqualTo(Frame.Kind.COMMENT);
    }

    @Test
    void aLastEventIdIsAVersionOrNothing() {
        assertThat(EventIds.version(" 42 ")).isEqualTo(42L);
        assertThat(EventIds.version("fx:42")).isNull();
        assertThat(EventIds.version(null)).isNull();
        assertThat(EventIds.parse("fx:42, crypto:7,junk"))
                .containsEntry("fx", 42L)
                .containsEntry("crypto", 7L)
                .hasSize(2);
    }
}
