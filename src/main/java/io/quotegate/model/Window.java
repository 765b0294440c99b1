package io.quotegate.model;

/** A budget window, aligned to UTC calendar boundaries (minute, day, month). */
public enum Window {
    MINUTE("minute"),
    DAY("day"),
    MONTH("month");

    private final String label;

    Window(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
