package io.quotegate.provider.marketstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MarketstackParserTest {

    @ParameterizedTest
    @CsvSource({
        "2021-02-22T00:00:00+0000, 2021-02-22T00:00:00Z",
        "2021-02-22T21:00:00+0200, 2021-02-22T19:00:00Z",
        "2021-02-22T21:00:00+02:00, 2021-02-22T19:00:00Z",
        "2021-02-22T21:00:00Z, 2021-02-22T21:00:00Z",
        "2021-02-22T21:00:00, 2021-02-22T21:00:00Z",
        "2021-02-22, 2021-02-22T00:00:00Z"
    })
    void readsBarDatesWithOrWithoutOffsetColon(String text, String expected) {
        assertThat(MarketstackParser.parseTime(text)).isEqualTo(Instant.parse(expected));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2021-02-30", "22/02/2021", ""})
    void unreadableDatesAreNull(String text) {
        assertThat(MarketstackParser.parseTime(text)).isNull();
    }
}
