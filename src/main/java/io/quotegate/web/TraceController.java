package io.quotegate.web;

import io.quotegate.logging.KeyRedactor;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GET /trace} (every decision and state) and {@code GET /budget} (the plan against the limits).
 * Both pass the {@link KeyRedactor} on the way out: messages are redacted where they are made, and
 * this is the last line of defence for invariant 6.
 */
@RestController
class TraceController {

    private final TraceView view;
    private final JsonMapper json;
    private final KeyRedactor redactor;

    TraceController(TraceView view, JsonMapper json, KeyRedactor redactor) {
        this.view = view;
        this.json = json;
        this.redactor = redactor;
    }

    @GetMapping("/trace")
    ResponseEntity<byte[]> trace() {
        return render(view.trace());
    }

    @GetMapping("/budget")
    ResponseEntity<byte[]> budget() {
        return render(view.budget());
    }

    private ResponseEntity<byte[]> render(Object body) {
        String text = redactor.redact(json.writeValueAsString(body));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(text.getBytes(StandardCharsets.UTF_8));
    }
}
