package io.quotegate.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import org.springframework.boot.logging.logback.ExtendedWhitespaceThrowableProxyConverter;

/** Boot's stack-trace converter, with API keys removed from exception messages (see {@link RedactingMessageConverter}). */
public class RedactingThrowableConverter extends ExtendedWhitespaceThrowableProxyConverter {

    @Override
    protected String throwableProxyToString(IThrowableProxy tp) {
        return KeyRedactor.forLogs().redact(super.throwableProxyToString(tp));
    }
}
