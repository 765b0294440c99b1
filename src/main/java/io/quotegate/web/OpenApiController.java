package io.quotegate.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /openapi.json}: the OpenAPI 3.1 document of the public API, as shipped in
 * {@code src/main/resources/static/openapi.json} (the integration tests check every public response
 * against it). Read once; a mapping of its own, since {@code /{feed}} would take the path first.
 */
@RestController
class OpenApiController {

    static final String DOCUMENT = "static/openapi.json";

    private final byte[] document;

    OpenApiController() {
        try (InputStream in = new ClassPathResource(DOCUMENT).getInputStream()) {
            this.document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("the OpenAPI document " + DOCUMENT + " is missing from the build", e);
        }
    }

    @GetMapping("/openapi.json")
    ResponseEntity<byte[]> document() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(document);
    }
}
