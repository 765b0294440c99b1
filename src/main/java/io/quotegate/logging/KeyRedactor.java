package io.quotegate.logging;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.regex.Pattern;

/**
 * Removes API keys from text before it can reach a log, an exception message, /trace or an error
 * response: both the configured key values and any {@code apikey=}, {@code access_key=} or
 * {@code x_cg_demo_api_key=} query parameter.
 *
 * <p>A key read from a file that is rotated while running is {@link #remember remembered} when it is read,
 * and the keys it replaced stay known: a message that quotes the previous key (an answer still in flight,
 * an upstream error echoing it) is redacted too.
 */
public final class KeyRedactor {

    private static final Pattern KEY_PARAMS =
            Pattern.compile("(?i)((?:apikey|api_key|access_key|x_cg_demo_api_key|x_cg_pro_api_key)=)[^&\\s\"']+");

    private static volatile KeyRedactor forLogs = new KeyRedactor(List.of());

    private final Set<String> secrets = new CopyOnWriteArraySet<>();

    public KeyRedactor(Collection<String> secrets) {
        secrets.forEach(this::remember);
    }

    /**
     * Redacts {@code secret} from now on, besides every key known before (the current and the previous keys
     * of a rotated file). Values shorter than 4 characters are ignored: they would redact ordinary text.
     */
    public void remember(String secret) {
        if (secret != null && secret.length() >= 4) {
            secrets.add(secret);
        }
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
