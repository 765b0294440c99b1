package io.quotegate.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedactingLogTest {

    private final LoggerContext context = new LoggerContext();

    @AfterEach
    void reset() {
        new KeyRedactor(List.of()).installForLogs();
    }

    private LoggingEvent event(String message, Throwable t) {
        return new LoggingEvent("test", context.getLogger("test"), Level.DEBUG, message, t, null);
    }

    @Test
    void aLoggedUrlLosesItsKeyParametersEvenBeforeKeysAreKnown() {
        String out = new RedactingMessageConverter()
                .convert(event(
                        "HTTP GET https://api.marketstack.com/v2/eod/latest?symbols=DJI.INDX&access_key=abc123secret&x=1 and apikey=zzz999",
                        null));
        assertThat(out)
                .doesNotContain("abc123secret")
                .doesNotContain("zzz999")
                .contains("access_key=***")
                .contains("symbols=DJI.INDX");
    }

    @Test
    void aConfiguredKeyIsRemovedWhereverItAppears() {
        new KeyRedactor(List.of("td-secret-key-0123456789")).installForLogs();
        String out =
                new RedactingMessageConverter().convert(event("Authorization: apikey td-secret-key-0123456789", null));
        assertThat(out).doesNotContain("td-secret-key-0123456789");
    }

    @Test
    void aStackTraceLosesTheKeyToo() {
        new KeyRedactor(List.of("td-secret-key-0123456789")).installForLogs();
        RedactingThrowableConverter converter = new RedactingThrowableConverter();
        converter.setContext(context);
        converter.start();
        LoggingEvent e =
                event("failed", new IllegalStateException("GET /quote?apikey=td-secret-key-0123456789 refused"));
        assertThat(converter.convert(e)).contains("refused").doesNotContain("td-secret-key-0123456789");
    }
}
