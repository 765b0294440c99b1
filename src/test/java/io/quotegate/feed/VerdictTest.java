package io.quotegate.feed;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.provider.Outcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What /trace calls a provider's outcome in a refresh. */
class VerdictTest {

    @ParameterizedTest
    @EnumSource(Outcome.class)
    void anUpstreamOutcomeKeepsItsLabel(Outcome outcome) {
        assertThat(Verdict.of(outcome).label()).isEqualTo(outcome.label());
        assertThat(Verdict.of(outcome)).isEqualTo(Verdict.of(outcome));
    }

    @Test
    void theRefreshesOwnVerdictsHaveTheirLabels() {
        assertThat(Arrays.stream(Verdict.Refresh.values()).map(Verdict::label))
                .containsExactly("partial", "skipped", "quarantined", "timeout");
        assertThat(Verdict.OK.label()).isEqualTo("ok");
    }

    @Test
    void everyLabelNamesOneVerdict() {
        List<String> labels = new ArrayList<>();
        Arrays.stream(Outcome.values()).forEach(o -> labels.add(Verdict.of(o).label()));
        Arrays.stream(Verdict.Refresh.values()).forEach(v -> labels.add(v.label()));
        assertThat(labels).doesNotHaveDuplicates();
    }

    @Test
    void onlyServedSkippedAndDisabledAreNoFailure() {
        assertThat(Verdict.OK.isFailure()).isFalse();
        assertThat(Verdict.Refresh.SKIPPED.isFailure()).isFalse();
        assertThat(Verdict.of(Outcome.DISABLED).isFailure()).isFalse();
        assertThat(Verdict.Refresh.PARTIAL.isFailure()).isTrue();
        assertThat(Verdict.Refresh.QUARANTINED.isFailure()).isTrue();
        assertThat(Verdict.Refresh.TIMEOUT.isFailure()).isTrue();
        Arrays.stream(Outcome.values())
                .filter(o -> o != Outcome.OK && o != Outcome.DISABLED)
                .forEach(
                        o -> assertThat(Verdict.of(o).isFailure()).as(o.label()).isTrue());
    }
}
