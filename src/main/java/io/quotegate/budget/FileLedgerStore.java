package io.quotegate.budget;

import io.quotegate.config.InvalidConfigurationException;
import io.quotegate.model.SlotUnit;
import io.quotegate.model.Window;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps the ledger's counters in {@code <data-dir>/ledger.json} ({@code ledger-seconds.json} in the
 * compressed seconds mode, whose model windows must never overwrite the real ones). Each save writes a temporary file,
 * forces it to disk and moves it over the old one, so a crash leaves either the old or the new
 * record, never half of one. A missing record in a new (absent or empty) data directory is a first start
 * and trusted; a record missing from a directory in use, or unreadable, is reported as untrusted (the ledger
 * then starts conservatively) and an unreadable one is kept aside as {@code ledger.json.corrupt}.
 */
final class FileLedgerStore implements LedgerStore {

    private static final Logger log = LoggerFactory.getLogger(FileLedgerStore.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path file;
    /** The data directory did not exist or was empty: a first start, not a lost record. */
    private final boolean newDirectory;

    public FileLedgerStore(Path dataDir) {
        this(dataDir, SlotUnit.MINUTES);
    }

    /**
     * @throws InvalidConfigurationException naming {@code quotegate.data-dir} when the folder cannot be written
     */
    public FileLedgerStore(Path dataDir, SlotUnit unit) {
        this.file = dataDir.resolve(unit == SlotUnit.SECONDS ? "ledger-seconds.json" : "ledger.json");
        this.newDirectory = isNewDirectory(dataDir);
        try {
            Files.createDirectories(dataDir);
            Path probe = Files.createTempFile(dataDir, "ledger", ".probe");
            Files.delete(probe);
        } catch (IOException | RuntimeException e) {
            throw new InvalidConfigurationException(
                    "quotegate.data-dir",
                    "'" + dataDir.toAbsolutePath() + "' cannot be written (" + e.getMessage()
                            + "); the ledger must record every spend before it leaves");
        }
    }

    private static boolean isNewDirectory(Path dataDir) {
        if (!Files.exists(dataDir)) {
            return true;
        }
        try (var entries = Files.list(dataDir)) {
            return entries.findAny().isEmpty();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public Loaded load() {
        if (!Files.exists(file)) {
            if (newDirectory) {
                // Nothing can have been spent by this data directory: a first start is not a lost record.
                log.info(
                        "No ledger record at {} in a new data directory: first start, nothing spent yet",
                        file.toAbsolutePath());
                return new Loaded(Map.of(), true);
            }
            log.warn(
                    "No ledger record at {} although the data directory was in use: the record was removed, so the"
                            + " start is conservative",
                    file.toAbsolutePath());
            return new Loaded(Map.of(), false);
        }
        try {
            JsonNode root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
            Map<String, Map<Window, Counter>> counters = new HashMap<>();
            for (var provider : root.required("providers").properties()) {
                Map<Window, Counter> windows = new EnumMap<>(Window.class);
                for (var w : provider.getValue().properties()) {
                    Window window = Window.valueOf(w.getKey().toUpperCase(Locale.ROOT));
                    Counter c = counter(w.getValue());
                    JsonNode ahead = w.getValue().get("ahead");
                    if (ahead != null && ahead.isObject()) {
                        Counter next = counter(ahead);
                        c.ahead = next;
                    }
                    windows.put(window, c);
                }
                counters.put(provider.getKey(), windows);
            }
            log.info("Ledger restored from {}", file.toAbsolutePath());
            return new Loaded(counters, true);
        } catch (IOException | RuntimeException e) {
            Path aside = file.resolveSibling(file.getFileName() + ".corrupt");
            try {
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException moveFailed) {
                log.debug("could not move the unreadable ledger record aside", moveFailed);
            }
            log.error(
                    "Ledger record {} is unreadable ({}); kept as {} and starting conservatively",
                    file.toAbsolutePath(),
                    e.getMessage(),
                    aside.getFileName());
            return new Loaded(Map.of(), false);
        }
    }

    @Override
    public void save(Map<String, Map<Window, Counter>> counters) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", 1);
        ObjectNode providers = root.putObject("providers");
        counters.forEach((provider, windows) -> {
            ObjectNode p = providers.putObject(provider);
            windows.forEach((window, c) -> {
                ObjectNode w = p.putObject(window.label());
                write(w, c);
                Counter next = c.ahead;
                if (next != null) {
                    write(w.putObject("ahead"), next);
                }
            });
        });
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.write(
                    tmp,
                    JSON.writeValueAsBytes(root),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // The spend is still counted in memory; refusing the call would be safer, so surface it loudly.
            throw new IllegalStateException(
                    "cannot write the ledger record " + file.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    /** A window's count as saved: its start, total and per feed; {@code ahead} holds the next window's, if any. */
    private static Counter counter(JsonNode w) {
        Counter c = new Counter(Instant.parse(w.required("start").asString()));
        for (var f : w.required("byFeed").properties()) {
            c.add(f.getKey(), f.getValue().asLong());
        }
        c.total = Math.max(c.total, w.required("total").asLong());
        return c;
    }

    private static void write(ObjectNode w, Counter c) {
        w.put("start", c.start.toString());
        w.put("total", c.total);
        ObjectNode byFeed = w.putObject("byFeed");
        c.byFeed.forEach(byFeed::put);
    }
}
