package io.quotegate.web;

import io.quotegate.client.Client;
import io.quotegate.client.ClientGate;
import io.quotegate.client.UsageReport;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** {@code GET /usage}: the caller's plan and what it has used, for the key of the request (or anonymous). */
@RestController
class UsageController {

    private final ClientGate gate;

    UsageController(ClientGate gate) {
        this.gate = gate;
    }

    @GetMapping("/usage")
    Mono<UsageReport> usage(ServerWebExchange exchange) {
        Client client = exchange.getAttribute(ClientFilter.CLIENT);
        if (client == null) {
            return Mono.error(
                    new ResponseStatusException(HttpStatus.UNAUTHORIZED, "No client: send your key as X-API-Key."));
        }
        return gate.usage(client);
    }
}
