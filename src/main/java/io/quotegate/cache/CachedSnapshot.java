package io.quotegate.cache;

import io.quotegate.model.Snapshot;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/**
 * One version of a feed as readers get it: the snapshot, its JSON bytes (serialised once and shared
 * by every reader) and whether it is served fresh or stale. Everything a read needs is prepared at
 * most once per version and then shared: the ETag, the gzip bytes (on first gzip read), the narrowed
 * bodies of the symbol sets clients ask for (up to {@link #NARROWED_KEPT} per version). Its SSE
 * frames are the broadcaster's ({@code stream/}).
 */
public final class CachedSnapshot {

    /** How many distinct narrowed symbol sets a version keeps prepared; beyond, each is built per read. */
    static final int NARROWED_KEPT = 256;

    private static final JsonMapper DEFAULT_JSON = JsonMapper.builder().build();

    private final Snapshot snapshot;
    private final Representation full;
    private final Function<Snapshot, byte[]> encoder;
    private final Map<String, String> staleReasons;
    private final Map<Set<String>, Representation> narrowed = new ConcurrentHashMap<>();

    CachedSnapshot(Snapshot snapshot, byte[] json) {
        this(snapshot, json, DEFAULT_JSON::writeValueAsBytes);
    }

    /** @param encoder serialises a narrowed copy of the snapshot exactly as {@code json} was serialised */
    CachedSnapshot(Snapshot snapshot, byte[] json, Function<Snapshot, byte[]> encoder) {
        this(snapshot, json, encoder, Map.of());
    }

    /** @param staleReasons why each stale quote reads stale, by symbol ({@link StoredVersion}) */
    CachedSnapshot(
            Snapshot snapshot, byte[] json, Function<Snapshot, byte[]> encoder, Map<String, String> staleReasons) {
        this.snapshot = snapshot;
        this.encoder = encoder;
        this.staleReasons = Map.copyOf(staleReasons);
        this.full = new Representation(etagOf(snapshot), json);
    }

    /** The same version and bytes, saying why its stale quotes are stale. */
    CachedSnapshot withStaleReasons(Map<String, String> reasons) {
        return new CachedSnapshot(snapshot, full.json(), encoder, reasons);
    }

    /**
     * Why each stale quote of this reading is stale, by symbol: {@code age} (older by its own date than its
     * source can honestly be), {@code ttl} (no refresh confirmed it within the feed's TTL) or
     * {@code no provider} (no provider served it at the refresh that made the version). For /trace.
     */
    public Map<String, String> staleReasons() {
        return staleReasons;
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    public long version() {
        return snapshot.version();
    }

    public boolean stale() {
        return snapshot.stale();
    }

    /** The JSON body. Shared: callers must not modify it. */
    public byte[] json() {
        return full.json();
    }

    /** Strong validator: changes with the version and with the fresh/stale flag. Built once. */
    public String etag() {
        return full.etag();
    }

    /** The whole feed as served: ETag, JSON and (on first use) gzip bytes. */
    public Representation full() {
        return full;
    }

    /**
     * This version narrowed to {@code symbols} (in feed order), with a weak ETag that names the set by a
     * digest of its sorted members, so two different sets never share a validator. Prepared once per
     * set and version, for up to {@link #NARROWED_KEPT} sets.
     */
    public Representation narrowed(Set<String> symbols) {
        Representation r = narrowed.get(symbols);
        if (r != null) {
            return r;
        }
        String etag = narrowedEtag(full.etag(), symbols);
        r = new Representation(etag, encoder.apply(snapshot.only(symbols)));
        if (narrowed.size() < NARROWED_KEPT) {
            Representation raced = narrowed.putIfAbsent(Set.copyOf(symbols), r);
            return raced == null ? r : raced;
        }
        return r;
    }

    /** {@code W/"fx-42-<digest>"}: the strong ETag made weak, plus a digest of the sorted symbol set. */
    static String narrowedEtag(String strong, Set<String> symbols) {
        return "W/" + strong.substring(0, strong.length() - 1) + "-" + digest(symbols) + "\"";
    }

    /** The first 96 bits of SHA-256 over the sorted symbols, each ended by a newline; hex. */
    static String digest(Set<String> symbols) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String s : new TreeSet<>(symbols)) {
                sha.update(s.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return HexFormat.of().formatHex(sha.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /**
     * {@code "fx-42"}, or for a reading with stale quotes {@code "fx-42-stale-<mask>"}, where the hex mask has
     * a bit per stale quote in feed order: a version reads differently as its quotes age, and each reading
     * has its own validator.
     */
    static String etagOf(Snapshot s) {
        BigInteger mask = BigInteger.ZERO;
        for (int i = 0; i < s.data().size(); i++) {
            if (s.data().get(i).stale()) {
                mask = mask.setBit(i);
            }
        }
        boolean stale = s.stale() || mask.signum() > 0;
        return "\"" + s.feed() + "-" + s.version() + (stale ? "-stale-" + mask.toString(16) : "") + "\"";
    }

    /**
     * One body of a version as it goes on the wire: its validator, its JSON and, built on first use and
     * then shared, the same JSON gzip-compressed. Shared: callers must not modify the arrays.
     */
    public static final class Representation {

        private final String etag;
        private final byte[] json;
        private volatile byte @Nullable [] gzip;

        Representation(String etag, byte[] json) {
            this.etag = etag;
            this.json = json;
        }

        /**
         * The validator, e.g. {@code "fx-42"}: the same for the identity and the gzip coding (the HTTP
         * contract fixes its form; responses carry {@code Vary: Accept-Encoding}, so caches keep the two apart).
         */
        public String etag() {
            return etag;
        }

        public byte[] json() {
            return json;
        }

        /** The JSON gzip-compressed, computed once. */
        public byte[] gzip() {
            byte[] g = gzip;
            if (g == null) {
                gzip = g = gzipped(json);
            }
            return g;
        }

        private static byte[] gzipped(byte[] bytes) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 32);
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        }
    }
}
