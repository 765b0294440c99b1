package io.quotegate.provider;

import static org.assertj.core.api.Assertions.assertThat;

import io.quotegate.logging.KeyRedactor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;

/** The small shared pieces of the adapter kit: error text, HTML detection, the JSON reader, default base URLs. */
class AdapterKitTest {

    private static final KeyRedactor REDACTOR = new KeyRedactor(List.of("sekrit-key-42"));

    @Test
    void errorTextIsRedactedOnOneLineAndBounded() {
        String body = "bad   key sekrit-key-42\n\tat access_key=abc&x=1 " + "y".repeat(1000);

        String snippet = ErrorText.snippet(body, REDACTOR);

        assertThat(snippet)
                .startsWith("bad key *** at access_key=***&x=1 y")
                .doesNotContain("sekrit", "abc", "\n", "\t", "  ")
                .endsWith("...")
                .hasSize(ErrorText.MAX_DETAIL + 3);
    }

    @Test
    void aKeyAcrossTheCutIsRedactedBeforeCutting() {
        String body = "x".repeat(ErrorText.MAX_DETAIL - 5) + "sekrit-key-42";

        assertThat(ErrorText.snippet(body, REDACTOR)).doesNotContain("sekri").endsWith("***");
    }

    @Test
    void emptyErrorTextCanBeNamed() {
        assertThat(ErrorText.snippet(" \n ", REDACTOR)).isEmpty();
        assertThat(ErrorText.snippet(null, REDACTOR, "(empty body)")).isEqualTo("(empty body)");
        assertThat(ErrorText.snippet("short", REDACTOR, "(empty body)")).isEqualTo("short");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "<html><body>502</body></html> | text/plain       | true",
                "  <!DOCTYPE html>             |                  | true",
                "error code: 1020              | text/html; utf-8 | true",
                "error code: 1020              | text/plain       | false",
                "{\"error\":\"x\"}             | application/json | false"
            })
    void htmlIsRecognisedByItsBodyOrItsContentType(String body, String contentType, boolean html) {
        HttpHeaders headers = new HttpHeaders();
        if (contentType != null) {
            headers.set(HttpHeaders.CONTENT_TYPE, contentType);
        }
        assertThat(new RawResponse(502, headers, body).looksLikeHtml()).isEqualTo(html);
    }

    @Test
    void theJsonReaderKeepsExactDecimalsAndRefusesTrailingContent() {
        assertThat(JsonValues.read("{\"p\":0.1000000000000000055511}")
                        .orElseThrow()
                        .get("p")
                        .decimalValue())
                .hasToString("0.1000000000000000055511");
        assertThat(JsonValues.read("{\"p\":1} trailing")).isEmpty();
        assertThat(JsonValues.container("{\"p\":1}{\"p\":2}")).isNull();
        assertThat(JsonValues.container("42")).as("a bare scalar is no body").isNull();
        assertThat(JsonValues.container("[1]")).isNotNull();
    }

    @Test
    void theRegistryAppliesAFactorysDefaultBaseUrlOnlyWhenNoneIsConfigured() {
        List<ProviderSettings> seen = new ArrayList<>();
        ProviderFactory withDefault = factory("a", "https://a.example/v1");
        ProviderFactory withoutDefault = factory("b", null);

        ProviderRegistry.build(
                List.of(settings("a", null), settings("b", null)),
                Map.of(),
                List.of(withDefault, withoutDefault),
                s -> {
                    seen.add(s);
                    return new ProviderContext(
                            s,
                            new ProviderHttp(s.name(), s.baseUrl(), s.timeout(), REDACTOR),
                            java.time.Clock.systemUTC());
                });
        ProviderRegistry.build(List.of(settings("a", "http://127.0.0.1:1/own")), Map.of(), List.of(withDefault), s -> {
            seen.add(s);
            return new ProviderContext(
                    s, new ProviderHttp(s.name(), s.baseUrl(), s.timeout(), REDACTOR), java.time.Clock.systemUTC());
        });

        assertThat(seen)
                .extracting(ProviderSettings::baseUrl)
                .containsExactly("https://a.example/v1", null, "http://127.0.0.1:1/own");
    }

    @Test
    void aBlankBaseUrlCountsAsNotConfigured() {
        assertThat(settings("a", "  ").withDefaultBaseUrl("https://a.example").baseUrl())
                .isEqualTo("https://a.example");
        assertThat(settings("a", "http://x")
                        .withDefaultBaseUrl("https://a.example")
                        .baseUrl())
                .isEqualTo("http://x");
        assertThat(settings("a", null).withDefaultBaseUrl(null).baseUrl()).isNull();
    }

    private static ProviderSettings settings(String name, String baseUrl) {
        return TestSettings.of(name, baseUrl, null, 10, Map.of(), Duration.ofSeconds(1), Map.of(), 0);
    }

    private static ProviderFactory factory(String name, String defaultBaseUrl) {
        return new ProviderFactory() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public String defaultBaseUrl() {
                return defaultBaseUrl;
            }

            @Override
            public ProviderAdapter create(ProviderContext context) {
                return new ProviderAdapter() {
                    @Override
                    public String name() {
                        return name;
                    }

                    @Override
                    public reactor.core.publisher.Mono<ProviderResponse> fetch(List<String> feedSymbols) {
                        return reactor.core.publisher.Mono.empty();
                    }
                };
            }
        };
    }
}
