package io.quotegate.web;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /trace} (every decision and state) and {@code GET /budget} (the plan against the limits) on
 * the public port, behind {@link AdminGuard}. The same documents are {@code /actuator/trace} and
 * {@code /actuator/budget} ({@link AdminEndpoints}); both pass the key redactor on the way out.
 */
@RestController
class TraceController {

    private final TraceView view;
    private final AdminEndpoints.AdminJson json;

    TraceController(TraceView view, AdminEndpoints.AdminJson json) {
        this.view = view;
        this.json = json;
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
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(json.render(body));
    }
}
