package io.quotegate.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;

/**
 * The shipped OpenAPI document is a valid OpenAPI 3.1 document (swagger-parser's checks), every
 * {@code $ref} in it resolves, and it describes what the read contract serves: every header the contract
 * writes on a feed read is documented. That responses match it is the integration tests' (it/OpenApi).
 */
class OpenApiDocumentTest {

    private static String document() throws IOException {
        try (InputStream in = new ClassPathResource(OpenApiController.DOCUMENT).getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theDocumentIsValidOpenApi31() throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(document(), null, options);

        assertThat(result.getMessages()).as("what the parser found wrong").isEmpty();
        assertThat(result.getOpenAPI().getOpenapi()).startsWith("3.1.");
        assertThat(result.getOpenAPI().getPaths())
                .containsKeys("/{feed}", "/{feed}/stream", "/stream", "/feeds", "/usage");
    }

    @Test
    void everyHeaderOfAFeedReadIsDocumented() throws IOException {
        var responses = new OpenAPIV3Parser()
                .readContents(document(), null, new ParseOptions())
                .getOpenAPI()
                .getPaths()
                .get("/{feed}")
                .getGet()
                .getResponses();
        Set<String> documented = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        documented.addAll(responses.get("200").getHeaders().keySet());
        // Content-Type and Content-Length are HTTP's own and described by the media type and the body.
        assertThat(documented)
                .contains(
                        "ETag",
                        "Cache-Control",
                        ReadContract.NEXT_REFRESH_AT,
                        "Vary",
                        "Content-Encoding",
                        "RateLimit",
                        "RateLimit-Policy",
                        "Access-Control-Allow-Origin",
                        "Access-Control-Expose-Headers");
        assertThat(responses.get("304").getHeaders()).containsKeys("ETag", "Next-Refresh-At");
        assertThat(responses.get("503").getHeaders()).containsKey("Retry-After");
    }
}
