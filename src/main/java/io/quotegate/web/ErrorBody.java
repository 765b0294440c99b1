package io.quotegate.web;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/** Every error's body, in one place: {@code {"error":"<code>","message":"<sentence>"}}. */
final class ErrorBody {

    static final String JSON = "application/json";

    private ErrorBody() {}

    static byte[] of(JsonMapper json, String code, String message) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("message", message);
        return json.writeValueAsString(body).getBytes(StandardCharsets.UTF_8);
    }
}
