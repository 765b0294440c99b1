package io.quotegate.logging;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * Logback's {@code %m}, with API keys removed: configured key values and any {@code apikey=},
 * {@code access_key=} query parameter. It covers what our code cannot redact itself, such as
 * WebClient's DEBUG lines that print request URLs (Marketstack takes its key only in the URL).
 * Installed by {@code logback-spring.xml}.
 */
public class RedactingMessageConverter extends MessageConverter {

    @Override
    public String convert(ILoggingEvent event) {
        return KeyRedactor.forLogs().redact(super.convert(event));
    }
}
