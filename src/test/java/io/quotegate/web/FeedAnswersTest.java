package io.quotegate.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quotegate.feed.Feed;
import io.quotegate.model.Priority;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Narrowing ({@code ?symbols=}) and content negotiation of the read path, without a server. */
class FeedAnswersTest {

    private static final Feed FX = new Feed(
            "fx",
            List.of("EUR/USD", "GBP/USD", "USD/JPY"),
            List.of(0, 30),
            Duration.ofMinutes(30),
            List.of("demo"),
            Priority.CRITICAL);
    private static final Set<String> KNOWN = Set.copyOf(FX.symbols());

    @Test
    void narrowingKeepsTheAskedSymbolsTrimmedAndWithoutDuplicates() {
        assertThat(FeedAnswers.parse(FX, KNOWN, "USD/JPY, EUR/USD,USD/JPY,"))
                .containsExactlyInAnyOrder("USD/JPY", "EUR/USD");
    }

    @Test
    void anUnknownSymbolIsA400NamingEveryUnknownOne() {
        assertThatThrownBy(() -> FeedAnswers.parse(FX, KNOWN, "EUR/USD,XXX/YYY,ZZZ"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.code()).isEqualTo("unknown_symbol");
                    assertThat(e.getMessage()).contains("XXX/YYY, ZZZ").contains("EUR/USD, GBP/USD, USD/JPY");
                });
    }

    @Test
    void anEmptyListIsA400() {
        for (String asked : List.of("", ",", " , ")) {
            assertThatThrownBy(() -> FeedAnswers.parse(FX, KNOWN, asked))
                    .isInstanceOfSatisfying(
                            ApiException.class, e -> assertThat(e.code()).isEqualTo("bad_symbols"));
        }
    }

    @Test
    void gzipIsServedWhenAcceptedAndNotWhenRefused() {
        assertThat(FeedAnswers.acceptsGzip(null)).isFalse();
        assertThat(FeedAnswers.acceptsGzip("gzip")).isTrue();
        assertThat(FeedAnswers.acceptsGzip("deflate, GZIP;q=0.8, br")).isTrue();
        assertThat(FeedAnswers.acceptsGzip("*")).isTrue();
        assertThat(FeedAnswers.acceptsGzip("identity")).isFalse();
        assertThat(FeedAnswers.acceptsGzip("gzip;q=0")).isFalse();
        assertThat(FeedAnswers.acceptsGzip("gzip; q=0.0")).isFalse();
        assertThat(FeedAnswers.acceptsGzip("br, gzip;q=0.001")).isTrue();
    }
}
