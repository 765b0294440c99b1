package io.quotegate.logging;

import java.util.Collection;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Removes API keys from text before it can reach a log, an exception message, /trace or an error
 * response: both the configured key values and any {@code apikey=}, {@code access_key=} or
 * {@code x_cg_demo_api_key=} query parameter.
 */
public final class KeyRedactor {

    private static final Pattern KEY_PARAMS =
            Pattern.compile("(?i)((?:apikey|api_key|access_key|x_cg_demo_api_key|x_cg_pro_api_key)=)[^&\\s\"']+");

    private static volatile KeyRedactor forLogs = new KeyRedactor(List.of());

    private final List<String> secrets;

    public KeyRedactor(Collection<String> secrets) {
        this.secrets =
                secrets.stream().filter(s -> s != null && s.length() >= 4).toList();
    }

    /** Makes this redactor the one every log line passes through (see {@link RedactingMessageConverter}). */
    public KeyRedactor installForLogs() {
        forLogs = this;
        return this;
    }

    /** The redactor log lines pass through: key parameters always, configured keys once installed. */
    static KeyRedactor forLogs() {
        return forLogs;
    }

    public String redact(String text) {
        if (text == null) {
            return "";
        }
        String out = KEY_PARAMS.matcher(text).replaceAll("$1***");
        for (String secret : secrets) {
            out = out.replace(secret, "***");
        }
        return out;
    }
}
