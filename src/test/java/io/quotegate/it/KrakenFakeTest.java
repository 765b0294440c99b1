package io.quotegate.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.testing.MutableClock;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Kraken fake speaks the public Ticker and throttles the way Kraken's decaying counter does. */
class KrakenFakeTest {

    private final MutableClock clock = MutableClock.at("2026-03-11T09:00:00Z");
    private final FakeUpstream fake = new FakeUpstream(clock);

    @AfterEach
    void stop() throws IOException {
        fake.close();
    }

    private HttpResponse<String> ticker() {
        return FakeCalls.get(fake.baseUrl("kraken") + "/0/public/Ticker?pair=XBTUSD,SOLUSD");
    }

    @Test
    void answersUnderKrakensCanonicalKeysInsideItsEnvelope() {
        HttpResponse<String> r = ticker();

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body())
                .startsWith("{\"error\":[],\"result\":{")
                .contains("\"XXBTZUSD\":{")
                .contains("\"SOLUSD\":{");
        assertThat(fake.calls("kraken"))
                .singleElement()
                .satisfies(c -> assertThat(c.symbols()).containsExactly("XBTUSD", "SOLUSD"));
    }

    @Test
    void aBurstPastTheCounterIsThrottledWithA200AndKrakensWords() {
        for (int i = 0; i < FakeProviderCounters.KRAKEN_MAX; i++) {
            assertThat(ticker().body()).as("call %d", i + 1).contains("\"result\"");
        }

        HttpResponse<String> throttled = ticker();

        assertThat(throttled.statusCode()).isEqualTo(200);
        assertThat(throttled.body()).isEqualTo("{\"error\":[\"EGeneral:Too many requests\"]}");
        assertThat(fake.overLimitAnswers()).isEqualTo(1);
    }

    @Test
    void theCounterDecaysByOneASecond() {
        for (int i = 0; i < FakeProviderCounters.KRAKEN_MAX; i++) {
            ticker();
        }
        clock.advance(Duration.ofSeconds(2));

        assertThat(ticker().body()).contains("\"result\"");
        assertThat(ticker().body()).contains("\"result\"");
        assertThat(ticker().body()).contains("Too many requests");
    }
}
