package io.quotegate.provider.kraken;

import io.quotegate.provider.JsonValues;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderHttp;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.QueryLength;
import io.quotegate.provider.RawResponse;
import io.quotegate.provider.SymbolBatch;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Fetches a batch with one {@code GET /0/public/Ticker?pair=XBTUSD,ETHUSD} (public, no key; one request,
 * whatever the number of pairs). Kraken documents no batch maximum, but long URLs fail (414 from its front,
 * 520 from Cloudflare), so batches are {@linkplain #split split} to keep {@code pair=...} within
 * {@code max-query-length} characters; the pair names are URL-safe ({@link KrakenPairs}), so the query is
 * as long as it reads. Kraken sends no usage headers.
 *
 * <p><b>Time of a quote.</b> The ticker carries no time for its price: the endpoint's contract is the
 * current ticker ("last trade closed" {@code c}), served by Cloudflare with a cache of a second or two. A
 * quote's {@code asOf} is therefore the answer's HTTP {@code Date} header, when present, and else the time
 * the answer was received. It is never older than the answer, and so never claims more than Kraken does.
 */
final class KrakenAdapter implements ProviderAdapter {

    static final String PATH = "/0/public/Ticker";
    static final String QUERY_PREFIX = "pair=";

    private final ProviderSettings settings;
    private final ProviderHttp http;
    private final Clock clock;

    KrakenAdapter(ProviderSettings settings, ProviderHttp http, Clock clock) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
    }

    @Override
    public String name() {
        return settings.name();
    }

    /** Parts whose {@code pair=A,B,...} fits {@code max-query-length}; pairs refused locally cost nothing. */
    @Override
    public List<List<String>> split(List<String> feedSymbols) {
        SymbolBatch batch = KrakenPairs.RULES.batch(feedSymbols, settings);
        return QueryLength.split(
                feedSymbols,
                settings.maxQueryLength(),
                QUERY_PREFIX.length(),
                feed -> batch.rejected().containsKey(feed)
                        ? 0
                        : KrakenPairs.RULES.providerSymbol(feed, settings).length() + 1);
    }

    @Override
    public Mono<ProviderResponse> fetch(List<String> feedSymbols) {
        return Mono.defer(() -> {
            SymbolBatch batch = KrakenPairs.RULES.batch(feedSymbols, settings);
            if (batch.isEmpty()) {
                return Mono.just(batch.unsent());
            }
            String pairs = batch.joined(",");
            int length = QUERY_PREFIX.length() + pairs.length();
            if (length > settings.maxQueryLength()) {
                return Mono.error(ProviderException.malformed(
                        "kraken: " + batch.providerSymbols().size()
                                + " pairs make a query of " + length + " characters, over max-query-length "
                                + settings.maxQueryLength() + "; not sent"));
            }
            return http.get(uri -> uri.path(PATH).queryParam("pair", pairs).build())
                    .flatMap(raw -> raw.read(r -> read(r, batch)));
        });
    }

    private ProviderResponse read(RawResponse raw, SymbolBatch batch) {
        JsonNode body = JsonValues.container(raw.body());
        JsonNode errorArray = body == null ? null : body.get("error");
        if (body == null || !body.isObject() || errorArray == null || !errorArray.isArray()) {
            throw KrakenErrors.unreadable(raw, http.redactor(), clock);
        }
        List<String> errors = KrakenErrors.errors(strings(errorArray));
        JsonNode result = body.path("result");
        boolean partial = result.isObject() && !result.isEmpty() && KrakenErrors.onlyAboutPairs(errors);
        if (!raw.isSuccess() || (!errors.isEmpty() && !partial)) {
            throw KrakenErrors.classify(raw, errors, batch, http.redactor(), clock);
        }
        if (!result.isObject()) {
            throw ProviderException.malformed("kraken HTTP " + raw.status() + ": no result object in the answer");
        }
        return KrakenTickerParser.parse(result, batch, asOf(raw), settings.name(), errors);
    }

    /** The answer's {@code Date}, else now: the ticker has no time of its own (see the class comment). */
    private Instant asOf(RawResponse raw) {
        return raw.date().orElseGet(clock::instant);
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> {
            String text = JsonValues.text(e);
            if (text != null) {
                out.add(text);
            }
        });
        return out;
    }
}
