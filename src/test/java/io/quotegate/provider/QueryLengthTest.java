package io.quotegate.provider;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryLengthTest {

    @Test
    void partsAreAsLongAsTheyCanBeWithinTheMaximum() {
        // fixed 5 + 4 per symbol: 3 symbols make 17, a fourth 21
        List<List<String>> parts = QueryLength.split(List.of("a", "b", "c", "d", "e"), 17, 5, s -> 4);

        assertThat(parts).containsExactly(List.of("a", "b", "c"), List.of("d", "e"));
    }

    @Test
    void aSymbolTooLongForAnyQueryIsAPartOfItsOwn() {
        List<List<String>> parts = QueryLength.split(List.of("a", "long", "b"), 10, 5, s -> s.equals("long") ? 50 : 2);

        assertThat(parts).containsExactly(List.of("a"), List.of("long"), List.of("b"));
    }

    @Test
    void symbolsThatCostNothingNeverStartAPart() {
        List<List<String>> parts = QueryLength.split(List.of("a", "refused", "b"), 9, 5, s -> s.length() == 1 ? 2 : 0);

        assertThat(parts).containsExactly(List.of("a", "refused", "b"));
    }

    @Test
    void theAnswersDateHeaderIsReadWhenItIsAnHttpDate() {
        var headers = new org.springframework.http.HttpHeaders();
        headers.set("Date", "Mon, 20 Jul 2026 11:59:58 GMT");
        assertThat(new RawResponse(200, headers, "").date()).contains(java.time.Instant.parse("2026-07-20T11:59:58Z"));

        headers.set("Date", "yesterday");
        assertThat(new RawResponse(200, headers, "").date()).isEmpty();
        assertThat(new RawResponse(200, new org.springframework.http.HttpHeaders(), "").date())
                .isEmpty();
    }
}
