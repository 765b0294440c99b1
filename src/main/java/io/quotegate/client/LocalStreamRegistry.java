package io.quotegate.client;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/** One replica's open streams, in memory. */
public final class LocalStreamRegistry implements StreamRegistry {

    private final ConcurrentHashMap<String, AtomicInteger> open = new ConcurrentHashMap<>();

    @Override
    public Mono<StreamLease> tryOpen(Client client, int max) {
        AtomicInteger n = open.computeIfAbsent(client.id(), k -> new AtomicInteger());
        while (true) {
            int now = n.get();
            if (max > 0 && now >= max) {
                return Mono.just(StreamLease.refused(now));
            }
            if (n.compareAndSet(now, now + 1)) {
                return Mono.just(new StreamLease(true, now + 1, n::decrementAndGet));
            }
        }
    }

    @Override
    public Mono<Integer> open(Client client) {
        AtomicInteger n = open.get(client.id());
        return Mono.just(n == null ? 0 : n.get());
    }
}
