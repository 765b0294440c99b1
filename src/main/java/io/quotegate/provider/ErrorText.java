package io.quotegate.provider;

import io.quotegate.logging.KeyRedactor;
import org.jspecify.annotations.Nullable;

/**
 * Upstream text made fit for a {@link ProviderException} message, a log line or /trace: redacted,
 * on one line, and bounded. Adapters put error bodies and messages through it; what the text
 * <em>means</em> stays each adapter's business.
 */
public final class ErrorText {

    /** The longest upstream detail kept in a message. */
    public static final int MAX_DETAIL = 300;

    private ErrorText() {}

    /**
     * Redacts, squashes whitespace to single spaces, then cuts to {@link #MAX_DETAIL} characters with
     * {@code ...}. Redacting comes first: cutting first could leave a key prefix the redactor no
     * longer recognises. Empty or blank text gives {@code ""}.
     */
    public static String snippet(@Nullable String text, KeyRedactor redactor) {
        String flat = redactor.redact(text == null ? "" : text)
                .replaceAll("\\s+", " ")
                .trim();
        return flat.length() <= MAX_DETAIL ? flat : flat.substring(0, MAX_DETAIL) + "...";
    }

    /** {@link #snippet}, or {@code whenEmpty} when nothing is left of the text. */
    public static String snippet(@Nullable String text, KeyRedactor redactor, String whenEmpty) {
        String snippet = snippet(text, redactor);
        return snippet.isEmpty() ? whenEmpty : snippet;
    }
}
