package io.quotegate.client;

import java.util.function.BiConsumer;

/**
 * Carries warnings between replicas, so a client's streams on every replica hear of a crossing that
 * happened on one. In memory (one replica) it carries nothing.
 */
interface WarningRelay extends AutoCloseable {

    WarningRelay NONE = new WarningRelay() {
        @Override
        public void publish(String clientId, Warning warning) {}

        @Override
        public void listen(BiConsumer<String, Warning> deliver) {}
    };

    /** Tells the other replicas. */
    void publish(String clientId, Warning warning);

    /** Where warnings from the other replicas go (set once, by the gate). */
    void listen(BiConsumer<String, Warning> deliver);

    @Override
    default void close() {}
}
