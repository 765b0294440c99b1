package io.quotegate.provider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import mockwebserver3.MockResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One answer recorded from a provider's real API by others, as listed in
 * {@code src/test/resources/recorded/<provider>/cases.json} (provenance in the README beside it). Tests
 * serve it through MockWebServer with its recorded status and headers and assert what the adapter makes
 * of it.
 *
 * @param file    the body's file name beside cases.json
 * @param status  the HTTP status, recorded or inferred (the README says which)
 * @param headers the response headers that were recorded
 * @param asked   the provider symbols of the request it answers, as far as known
 */
public record RecordedCase(String provider, String file, int status, Map<String, String> headers, List<String> asked) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Every case of a provider, in the order of its cases.json. */
    public static List<RecordedCase> all(String provider) {
        JsonNode cases = JSON.readTree(read(provider, "cases.json"));
        return cases.valueStream().map(c -> of(provider, c)).toList();
    }

    private static RecordedCase of(String provider, JsonNode c) {
        Map<String, String> headers = new LinkedHashMap<>();
        c.path("headers")
                .properties()
                .forEach(e -> headers.put(e.getKey(), e.getValue().asString()));
        List<String> asked =
                c.path("asked").valueStream().map(JsonNode::asString).toList();
        return new RecordedCase(
                provider, c.path("file").asString(), c.path("status").asInt(), headers, asked);
    }

    /** The recorded body, byte for byte as kept. */
    public String body() {
        return read(provider, file);
    }

    /** The answer as MockWebServer serves it; a Content-Type follows the file's kind when none was recorded. */
    public MockResponse response() {
        MockResponse.Builder b = new MockResponse.Builder().code(status).body(body());
        headers.forEach(b::addHeader);
        if (headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            b.addHeader("Content-Type", file.endsWith(".html") ? "text/html; charset=UTF-8" : "application/json");
        }
        return b.build();
    }

    private static String read(String provider, String name) {
        String path = "/recorded/" + provider + "/" + name;
        try (InputStream in = Objects.requireNonNull(RecordedCase.class.getResourceAsStream(path), path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return provider + "/" + file;
    }
}
