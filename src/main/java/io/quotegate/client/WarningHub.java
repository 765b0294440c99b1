package io.quotegate.client;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;

/**
 * Per client, the warnings pushed to its open streams on this replica. A client without an open
 * stream has no sink, so a warning for it costs nothing and is not kept.
 */
final class WarningHub {

    private final ConcurrentHashMap<String, Sinks.Many<Warning>> sinks = new ConcurrentHashMap<>();

    void emit(String clientId, Warning warning) {
        Sinks.Many<Warning> sink = sinks.get(clientId);
        if (sink != null) {
            // Two responses of one client can be counted at once (each on its own event loop): a plain
            // tryEmitNext would drop the one that loses the race (FAIL_NON_SERIALIZED), so retry briefly.
            sink.emitNext(warning, Sinks.EmitFailureHandler.busyLooping(Duration.ofMillis(200)));
        }
    }

    Flux<Warning> of(Client client) {
        return Flux.defer(() -> {
            Sinks.Many<Warning> sink = sinks.computeIfAbsent(
                    client.id(), k -> Sinks.many().multicast().directBestEffort());
            return sink.asFlux()
                    .onBackpressureBuffer(32, w -> {}, BufferOverflowStrategy.DROP_OLDEST)
                    .doFinally(s -> {
                        if (sink.currentSubscriberCount() == 0) {
                            sinks.remove(client.id(), sink);
                        }
                    });
        });
    }
}
