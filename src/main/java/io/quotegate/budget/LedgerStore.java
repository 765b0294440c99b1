package io.quotegate.budget;

import io.quotegate.model.Window;
import java.util.Map;

/**
 * Durable copy of the ledger's counters. {@link MemoryLedger} saves after every grant, before the
 * request leaves, and loads once at start.
 */
public interface LedgerStore {

    /** Counters by provider and window. {@code trusted} is false when the record was missing or unreadable. */
    record Loaded(Map<String, Map<Window, Counter>> counters, boolean trusted) {}

    Loaded load();

    void save(Map<String, Map<Window, Counter>> counters);

    /** A store that keeps nothing: every start is a fresh, trusted start. For tests. */
    LedgerStore NONE = new LedgerStore() {
        @Override
        public Loaded load() {
            return new Loaded(Map.of(), true);
        }

        @Override
        public void save(Map<String, Map<Window, Counter>> counters) {}
    };
}
