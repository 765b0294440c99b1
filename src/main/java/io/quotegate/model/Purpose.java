package io.quotegate.model;

import java.util.Locale;

/** Why a refresh runs, and so why its credits are spent; the label is what /trace and the decision log show. */
public enum Purpose {
    /** A feed's clock-aligned slot. */
    SLOT,
    /** A slot another replica runs because the one that claimed it died mid-slot: a slot in every other way. */
    RECOVERED,
    /** The first refresh of a feed with no snapshot anywhere. */
    WARM_UP,
    /** An extra refresh of a critical feed between its slots, from credits the day can spare. */
    SPARE,
    /** Another try of a batch within its refresh. */
    RETRY;

    /** {@code slot}, {@code recovered}, {@code warm-up}, {@code spare}, {@code retry}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether this is a slot's refresh (a recovered slot is one too): the budget's and markets' slot rules apply. */
    public boolean isSlot() {
        return this == SLOT || this == RECOVERED;
    }

    @Override
    public String toString() {
        return label();
    }
}
