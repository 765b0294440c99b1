package io.quotegate.it;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI 3.1 document the service ships ({@code static/openapi.json}, served at {@code /openapi.json}),
 * as a check on real responses: the operation must be documented, the status among its responses, every
 * required header present and every documented header valid, and the body valid against the schema of
 * its content type (JSON Schema 2020-12 with the OpenAPI 3.1 dialect, by networknt's validator); for
 * {@code text/event-stream}, each event's data against the schema its event name has in
 * {@code x-sse-events}. The admin endpoints ({@code /trace}, {@code /budget}, {@code /actuator}) are the
 * operators', not part of the public API, and are not checked.
 */
final class OpenApi {

    static final String LOCATION = "classpath:static/openapi.json";
    static final OpenApi DOCUMENT = new OpenApi();

    private static final Set<String> ADMIN = Set.of("/trace", "/budget");

    final JsonNode document;
    private final SchemaRegistry registry;

    private OpenApi() {
        try (InputStream in = OpenApi.class.getClassLoader().getResourceAsStream("static/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("static/openapi.json is not on the classpath");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            this.document = Http.parse(text);
            this.registry =
                    SchemaRegistry.withDefaultDialect(Dialects.getOpenApi31(), b -> b.schemas(Map.of(LOCATION, text)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a path is one the document describes (the admin endpoints are not). */
    static boolean documented(String path) {
        return !(ADMIN.contains(path) || path.startsWith("/actuator"));
    }

    /**
     * Checks one response; an {@link AssertionError} says what does not match.
     *
     * @param header the response's header values by name (case-insensitive), null when absent
     * @param body   the body as received (for a stream, the frames read so far), or null
     */
    void check(String method, String pathAndQuery, int status, Function<String, String> header, String body) {
        String path = pathAndQuery.split("\\?", 2)[0];
        if (!documented(path)) {
            return;
        }
        String what = method + " " + pathAndQuery + " -> " + status;
        String template = template(path);
        if (template == null) {
            if (status == 404 && body != null) {
                // A path the API does not have: its 404 is still the documented error body.
                List<String> problems = new ArrayList<>();
                validate("/components/schemas/Error", Http.parse(body), "body", problems);
                if (problems.isEmpty()) {
                    return;
                }
                throw new AssertionError(what + ": not the documented error body:\n  " + String.join("\n  ", problems));
            }
            throw new AssertionError(what + ": the path is not in the OpenAPI document");
        }
        String pointer = "/paths/" + escape(template) + "/" + method.toLowerCase(Locale.ROOT);
        JsonNode operation = document.at(pointer);
        if (operation.isMissingNode()) {
            if (status == 405) {
                return; // a method the document does not offer, refused
            }
            throw new AssertionError(what + ": no such operation in the OpenAPI document");
        }
        String code = Integer.toString(status);
        JsonNode responses = operation.get("responses");
        String responsePointer = pointer + "/responses/" + (responses.has(code) ? code : "default");
        JsonNode response = document.at(responsePointer);
        if (response.isMissingNode()) {
            throw new AssertionError(what + ": status " + status + " is not documented for the operation");
        }
        if (response.has("$ref")) {
            responsePointer = response.get("$ref").asString().substring(1);
            response = document.at(responsePointer);
        }
        List<String> problems = new ArrayList<>();
        checkHeaders(response, responsePointer, header, problems);
        if (body != null && !body.isEmpty() && !method.equals("HEAD")) {
            checkBody(response, responsePointer, header.apply("Content-Type"), body, problems);
        }
        if (!problems.isEmpty()) {
            throw new AssertionError(
                    what + " does not match the OpenAPI document:\n  " + String.join("\n  ", problems));
        }
    }

    private void checkHeaders(
            JsonNode response, String pointer, Function<String, String> header, List<String> problems) {
        JsonNode headers = response.path("headers");
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode h = e.getValue();
            String hPointer = pointer + "/headers/" + escape(e.getKey());
            if (h.has("$ref")) {
                hPointer = h.get("$ref").asString().substring(1);
                h = document.at(hPointer);
            }
            String value = header.apply(e.getKey());
            if (value == null) {
                if (h.path("required").asBoolean(false)) {
                    problems.add("header " + e.getKey() + " is required and missing");
                }
                continue;
            }
            for (Error error : schema(hPointer + "/schema")
                    .validate(Http.JSON.getNodeFactory().stringNode(value))) {
                problems.add("header " + e.getKey() + ": " + value + ": " + error.getMessage());
            }
        }
    }

    private void checkBody(JsonNode response, String pointer, String contentType, String body, List<String> problems) {
        if (contentType == null) {
            problems.add("a body without Content-Type");
            return;
        }
        String type = contentType.split(";", 2)[0].trim();
        JsonNode content = response.path("content").path(type);
        if (content.isMissingNode()) {
            problems.add("content type " + type + " is not documented for this response");
            return;
        }
        String contentPointer = pointer + "/content/" + escape(type);
        if (type.equals("application/json")) {
            validate(contentPointer + "/schema", Http.parse(body), "body", problems);
        } else if (type.equals("text/event-stream")) {
            for (String frame : body.split("\n\n")) {
                String event = null;
                String data = null;
                for (String line : frame.split("\n")) {
                    if (line.startsWith("event: ")) {
                        event = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data = line.substring(6);
                    }
                }
                if (data == null) {
                    continue; // retry:, a comment, or a frame cut short at the end of what was read
                }
                if (event == null || !content.path("x-sse-events").has(event)) {
                    problems.add("event " + event + " is not documented in x-sse-events");
                    continue;
                }
                validate(
                        contentPointer + "/x-sse-events/" + escape(event),
                        Http.parse(data),
                        "event " + event,
                        problems);
            }
        }
    }

    private void validate(String pointer, JsonNode value, String what, List<String> problems) {
        for (Error error : schema(pointer).validate(value)) {
            problems.add(what + ": " + error.getInstanceLocation() + " " + error.getMessage());
        }
    }

    /** The schema at a JSON pointer of the document ({@code $ref}s within it resolve against the document). */
    Schema schema(String pointer) {
        return registry.getSchema(SchemaLocation.of(LOCATION + "#" + pointer));
    }

    /** The document's path template that {@code path} matches: a literal path first, then templates. */
    String template(String path) {
        if (document.path("paths").has(path)) {
            return path;
        }
        String[] segments = path.split("/", -1);
        for (String candidate : document.path("paths").propertyNames()) {
            String[] parts = candidate.split("/", -1);
            if (parts.length != segments.length) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < parts.length && match; i++) {
                match = parts[i].startsWith("{") ? !segments[i].isEmpty() : parts[i].equals(segments[i]);
            }
            if (match) {
                return candidate;
            }
        }
        return null;
    }

    private static String escape(String key) {
        return key.replace("~", "~0").replace("/", "~1");
    }
}
