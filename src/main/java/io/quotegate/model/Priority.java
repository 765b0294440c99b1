package io.quotegate.model;

/** How a feed fares when its provider runs low: normal feeds yield first, critical feeds keep a floor. */
public enum Priority {
    CRITICAL,
    NORMAL;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
