package io.quotegate.web;

import java.util.function.Supplier;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

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
    Mono<ResponseEntity<byte[]>> trace() {
        return render(view::trace);
    }

    @GetMapping("/budget")
    Mono<ResponseEntity<byte[]>> budget() {
        return render(view::budget);
    }

    /**
     * Off the event loop: in distributed mode the documents read the shared ledger from Redis, waiting up to
     * 2 s per provider when it is slow or away, and an HTTP event loop also serves every feed read.
     */
    private Mono<ResponseEntity<byte[]>> render(Supplier<Object> body) {
        return Mono.fromCallable(() -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(json.render(body.get())))
                .subscribeOn(Schedulers.boundedElastic());
    }
}
