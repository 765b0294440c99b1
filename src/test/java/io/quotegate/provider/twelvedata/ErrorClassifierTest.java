package io.quotegate.provider.twelvedata;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.logging.KeyRedactor;
import io.quotegate.model.Window;
import io.quotegate.provider.Outcome;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The wording rules that the HTTP tests only sample. */
class ErrorClassifierTest {

    private static final String KEY = TwelveDataFixture.KEY;
    private final ErrorClassifier classifier = new ErrorClassifier(new KeyRedactor(List.of(KEY)), Clock.systemUTC());

    @Test
    void rateLimitWindowFollowsTheWording() {
        assertThat(ErrorClassifier.windowOf(
                        "You have run out of API credits for the current minute. Wait for" + " the next minute"))
                .isEqualTo(Window.MINUTE);
        assertThat(ErrorClassifier.windowOf("You have run out of API credits for the day."))
                .isEqualTo(Window.DAY);
        assertThat(ErrorClassifier.windowOf("Daily limit of 800 credits reached"))
                .isEqualTo(Window.DAY);
        assertThat(ErrorClassifier.windowOf("800 API credits per day were used"))
                .isEqualTo(Window.DAY);
        assertThat(ErrorClassifier.windowOf("Too many requests")).isEqualTo(Window.MINUTE);
    }

    @Test
    void outcomesByCodeAndMessage() {
        assertThat(classifier.outcomeOf(429, "")).isEqualTo(Outcome.RATE_LIMITED);
        assertThat(classifier.outcomeOf(0, "You have run out of API credits for the day"))
                .isEqualTo(Outcome.RATE_LIMITED);
        assertThat(classifier.outcomeOf(401, "")).isEqualTo(Outcome.AUTH_FAILED);
        assertThat(classifier.outcomeOf(403, "")).isEqualTo(Outcome.PLAN_RESTRICTED);
        assertThat(classifier.outcomeOf(400, "/quote is not available with your plan"))
                .isEqualTo(Outcome.PLAN_RESTRICTED);
        assertThat(classifier.outcomeOf(404, "")).isEqualTo(Outcome.INVALID_SYMBOLS);
        assertThat(classifier.outcomeOf(400, "**symbol** not found: X")).isEqualTo(Outcome.INVALID_SYMBOLS);
        assertThat(classifier.outcomeOf(400, "**interval** is not supported")).isEqualTo(Outcome.MALFORMED);
        assertThat(classifier.outcomeOf(414, "parameter too long")).isEqualTo(Outcome.MALFORMED);
        assertThat(classifier.outcomeOf(503, "")).isEqualTo(Outcome.TRANSIENT);
        // the minute-limit text mentions "plan" but is a rate limit
        assertThat(classifier.outcomeOf(429, "consider switching to a higher tier plan"))
                .isEqualTo(Outcome.RATE_LIMITED);
    }

    @Test
    void longMessagesAreRedactedBeforeBeingCut() {
        String message = "x".repeat(290) + KEY + " and more";

        String cleaned = classifier.clean(message);

        assertThat(cleaned).doesNotContain(KEY).doesNotContain(KEY.substring(0, 10));
        assertThat(cleaned.length()).isLessThanOrEqualTo(303);
    }
}
