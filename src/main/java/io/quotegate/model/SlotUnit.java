package io.quotegate.model;

/** Slot unit: minutes of each hour, or the time-compressed seconds of each minute (60x faster). */
public enum SlotUnit {
    MINUTES,
    SECONDS
}
