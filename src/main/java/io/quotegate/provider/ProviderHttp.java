package io.quotegate.provider;

import io.netty.channel.ChannelOption;
import io.quotegate.logging.KeyRedactor;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriBuilder;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * The one place that sends HTTP to providers. It bounds connect, response and body time by the
 * provider's {@code timeout}, reads every answer as text whatever its status or content type (so
 * adapters can classify HTML error pages and 200s with error bodies), and turns network failures
 * into {@link Outcome#TRANSIENT} with messages that carry no API key.
 */
public final class ProviderHttp {

    private static final int MAX_BODY_BYTES = 4 * 1024 * 1024;

    private final String provider;
    private final WebClient client;
    private final Duration timeout;
    private final KeyRedactor redactor;

    public ProviderHttp(String provider, @Nullable String baseUrl, Duration timeout, KeyRedactor redactor) {
        this.provider = provider;
        this.timeout = timeout;
        this.redactor = redactor;
        HttpClient http = HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()))
                .responseTimeout(timeout);
        this.client = WebClient.builder()
                .baseUrl(baseUrl == null ? "" : baseUrl)
                .clientConnector(new ReactorClientHttpConnector(http))
                .codecs(c -> c.defaultCodecs().maxInMemorySize(MAX_BODY_BYTES))
                .build();
    }

    /** GET relative to the provider's base URL. Emits exactly one {@link RawResponse} or a {@link ProviderException}. */
    public Mono<RawResponse> get(Function<UriBuilder, URI> uri, Consumer<HttpHeaders> headers) {
        return exchange(client.get().uri(uri).headers(headers));
    }

    /**
     * POST of a JSON body relative to the provider's base URL (a session-based provider's login). Emits exactly one
     * {@link RawResponse} or a {@link ProviderException}, like {@link #get}.
     */
    public Mono<RawResponse> post(Function<UriBuilder, URI> uri, Consumer<HttpHeaders> headers, String json) {
        return exchange(client.post()
                .uri(uri)
                .headers(headers)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(json));
    }

    private Mono<RawResponse> exchange(WebClient.RequestHeadersSpec<?> request) {
        return request.exchangeToMono(r -> r.bodyToMono(String.class)
                        .defaultIfEmpty("")
                        .map(body -> new RawResponse(
                                r.statusCode().value(), r.headers().asHttpHeaders(), body)))
                .timeout(timeout)
                .onErrorMap(e -> !(e instanceof ProviderException), this::classify);
    }

    public Mono<RawResponse> get(Function<UriBuilder, URI> uri) {
        return get(uri, h -> {});
    }

    public KeyRedactor redactor() {
        return redactor;
    }

    private ProviderException classify(Throwable e) {
        if (e instanceof org.springframework.core.io.buffer.DataBufferLimitException) {
            return ProviderException.malformed(provider + " answered more than " + MAX_BODY_BYTES / (1024 * 1024)
                    + " MiB; a smaller max-batch may help");
        }
        if (e instanceof TimeoutException
                || hasCause(e, TimeoutException.class)
                || e.getClass().getSimpleName().contains("Timeout")) {
            return ProviderException.transientFailure(
                    provider + " timed out after " + timeout.toMillis() + " ms", null);
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return ProviderException.transientFailure(provider + " request failed: " + redactor.redact(detail), null);
    }

    private static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (type.isInstance(t) || t.getClass().getSimpleName().contains("Timeout")) {
                return true;
            }
        }
        return false;
    }
}
