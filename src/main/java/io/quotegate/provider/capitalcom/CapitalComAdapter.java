package io.quotegate.provider.capitalcom;

import io.quotegate.provider.JsonValues;
import io.quotegate.provider.Outcome;
import io.quotegate.provider.ProviderAdapter;
import io.quotegate.provider.ProviderException;
import io.quotegate.provider.ProviderHttp;
import io.quotegate.provider.ProviderResponse;
import io.quotegate.provider.ProviderSession;
import io.quotegate.provider.ProviderSettings;
import io.quotegate.provider.RawResponse;
import io.quotegate.provider.SymbolBatch;
import java.time.Clock;
import java.util.List;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

/**
 * Capital.com's dialect: one {@code GET /api/v1/markets?epics=A,B} per batch (at most 50 epics) with the
 * session's {@code CST} and {@code X-SECURITY-TOKEN} headers; reading the answer is {@link CapitalComMarkets}'
 * job, the session {@link CapitalComSession}'s. A call refused for its session is asked once more with a new
 * session; refused again, it is {@link Outcome#AUTH_FAILED}. Besides the one price call, a fetch may thus log
 * in first, or once more: session upkeep that the ledger does not count (README, "Capital.com").
 */
final class CapitalComAdapter implements ProviderAdapter {

    static final String PATH = "/api/v1/markets";

    private final ProviderSettings settings;
    private final ProviderHttp http;
    private final Clock clock;
    private final CapitalComSession session;

    CapitalComAdapter(ProviderSettings settings, ProviderHttp http, Clock clock, CapitalComSession session) {
        this.settings = settings;
        this.http = http;
        this.clock = clock;
        this.session = session;
    }

    @Override
    public String name() {
        return settings.name();
    }

    CapitalComSession session() {
        return session;
    }

    /** Not the indices without a known epic (unless mapped): the chain's next provider is planned for them. */
    @Override
    public boolean serves(String feedSymbol) {
        return CapitalComSymbols.RULES.serves(feedSymbol, settings);
    }

    @Override
    public Mono<ProviderResponse> fetch(List<String> feedSymbols) {
        return Mono.defer(() -> {
            SymbolBatch batch = CapitalComSymbols.RULES.batch(feedSymbols, settings);
            if (batch.isEmpty()) {
                return Mono.just(batch.unsent());
            }
            return session.current()
                    .flatMap(s -> prices(s, batch))
                    .onErrorResume(
                            InvalidSession.class,
                            refused -> session.renew(refused.session())
                                    .flatMap(s -> prices(s, batch))
                                    .onErrorMap(
                                            InvalidSession.class,
                                            again -> ProviderException.of(
                                                    Outcome.AUTH_FAILED,
                                                    "capitalcom refused a session it had just created: "
                                                            + again.getMessage())));
        });
    }

    private Mono<ProviderResponse> prices(ProviderSession s, SymbolBatch batch) {
        // Epics are checked against [A-Za-z0-9_.-]: a literal value needs no encoding, and the commas stay.
        return http.get(
                        uri -> uri.path(PATH)
                                .queryParam("epics", batch.joined(","))
                                .build(),
                        h -> s.headers().forEach(h::set))
                .flatMap(raw -> CapitalComErrors.sessionRefused(raw)
                        ? Mono.error(new InvalidSession(s, "HTTP " + raw.status() + " " + CapitalComErrors.code(raw)))
                        : session.used(s, true).then(raw.read(r -> read(r, batch, s))));
    }

    private ProviderResponse read(RawResponse raw, SymbolBatch batch, ProviderSession s) {
        JsonNode body = JsonValues.container(raw.body());
        if (!raw.isSuccess() || (body != null && body.has("errorCode"))) {
            throw CapitalComErrors.markets(raw, batch, http.redactor(), clock);
        }
        if (body == null) {
            throw CapitalComErrors.unreadable("markets", raw, http.redactor());
        }
        return CapitalComMarkets.read(body, batch, CapitalComSession.offset(s), clock.instant());
    }
}
