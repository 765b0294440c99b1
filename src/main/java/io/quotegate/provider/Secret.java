package io.quotegate.provider;

import io.quotegate.config.InvalidConfigurationException;
import io.quotegate.logging.KeyRedactor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One credential of a provider: a configured value, or a file that holds it, the usual shape of a mounted
 * Kubernetes Secret. A file is read at start and read again when it changes (its modification time, size or
 * identity, which Kubernetes' atomic swap of the mounted directory changes) and, through {@link #reload}, after
 * the provider refused it; so a rotated key is used without a restart. The file's content, trimmed, is the
 * value; an empty or missing file means no value.
 *
 * <p>Every value read is {@linkplain KeyRedactor#remember remembered} by the redactor, so the current key and
 * every previous one stay out of logs and messages.
 *
 * <p>Thread-safety: {@link #value} and {@link #reload} may be called from any thread; a read of the file is
 * done under this object's lock, so two callers never read it at once.
 */
public final class Secret {

    private static final Logger log = LoggerFactory.getLogger(Secret.class);
    private static final Secret NONE = new Secret(null, null, null, "");

    private final @Nullable String fixed;
    private final @Nullable Path file;
    private final @Nullable KeyRedactor redactor;
    private final String key;
    private volatile @Nullable String current;
    private volatile @Nullable Stamp seen;
    private boolean warned;

    private Secret(@Nullable String fixed, @Nullable Path file, @Nullable KeyRedactor redactor, String key) {
        this.fixed = fixed;
        this.file = file;
        this.redactor = redactor;
        this.key = key;
        this.current = fixed;
    }

    /** No value. */
    public static Secret none() {
        return NONE;
    }

    /** A fixed value (blank is none). */
    public static Secret of(@Nullable String value) {
        return value == null || value.isBlank() ? NONE : new Secret(value.trim(), null, null, "");
    }

    /**
     * A value kept in {@code file}, read now.
     *
     * @param key the configuration key that names the file, for messages
     * @throws InvalidConfigurationException naming {@code key} when the file exists but cannot be read
     */
    public static Secret file(Path file, KeyRedactor redactor, String key) {
        Secret secret = new Secret(null, file, redactor, key);
        try {
            secret.read(true);
        } catch (IOException e) {
            throw new InvalidConfigurationException(key, "cannot read " + file + ": " + e.getMessage());
        }
        return secret;
    }

    /** The value as of now: a file is read again when it changed since the last read. */
    public @Nullable String value() {
        if (file != null && changed()) {
            reloadQuietly();
        }
        return current;
    }

    public boolean present() {
        String v = value();
        return v != null && !v.isBlank();
    }

    /**
     * Reads the file again even if it looks unchanged (a rotation can keep the size, and a file system may keep
     * the modification time within its resolution). Returns whether the value changed; always false for a value
     * that is not kept in a file.
     */
    public boolean reload() {
        if (file == null) {
            return false;
        }
        String before = current;
        reloadQuietly();
        return !Objects.equals(before, current);
    }

    /** Where the value comes from, for messages: the configuration key of its file, or empty for a value. */
    public String origin() {
        return file == null ? "" : key + " (" + file + ")";
    }

    private void reloadQuietly() {
        try {
            read(false);
        } catch (IOException e) {
            synchronized (this) {
                if (!warned) {
                    warned = true;
                    log.warn("{}: cannot read {} ({}); the last value read stays in use", key, file, e.toString());
                }
            }
        }
    }

    private synchronized void read(boolean atStart) throws IOException {
        Path f = Objects.requireNonNull(file);
        Stamp stamp = Stamp.of(f);
        if (stamp == null) {
            // Absent: at start the provider goes without (it is disabled if it needs the value); later a missing
            // file is a rotation in progress, and the last value read stays until the new file appears.
            seen = null;
            if (atStart) {
                current = null;
            }
            return;
        }
        String value = new String(Files.readAllBytes(f), StandardCharsets.UTF_8).trim();
        seen = stamp;
        warned = false;
        String next = value.isEmpty() ? null : value;
        if (next != null) {
            Objects.requireNonNull(redactor).remember(next);
        }
        if (!atStart && !Objects.equals(next, current)) {
            log.info("{}: a new value was read from {}; it is used from now on", key, f);
        }
        current = next;
    }

    private boolean changed() {
        try {
            return !Objects.equals(seen, Stamp.of(Objects.requireNonNull(file)));
        } catch (IOException e) {
            return false;
        }
    }

    /** What tells one version of a file from another without reading it. */
    private record Stamp(long modified, long size, @Nullable Object identity) {
        static @Nullable Stamp of(Path file) throws IOException {
            try {
                BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
                return new Stamp(a.lastModifiedTime().toMillis(), a.size(), a.fileKey());
            } catch (NoSuchFileException e) {
                return null;
            }
        }
    }
}
