package io.hookline.store;

import java.util.List;
import java.util.Locale;

/**
 * Where a delivery (one event, one route) stands, and an event as a whole: the worst of its
 * deliveries, in the order {@code dead} > {@code retrying} > {@code pending} > {@code processed}.
 * An event with no matching route is {@code processed}. A delivery an operator skipped (to let the
 * next of its order key run) is {@code skipped}, and counts as done for its event, which is then
 * {@code processed}.
 */
public enum DeliveryStatus {
    PENDING, RETRYING, PROCESSED, DEAD, SKIPPED;

    /** The statuses an event as a whole can have: every one but {@code skipped}. */
    public static List<DeliveryStatus> ofEvents() {
        return List.of(PENDING, RETRYING, PROCESSED, DEAD);
    }

    /** The name stored and shown: {@code pending}, {@code retrying}, {@code processed}, {@code dead}, {@code skipped}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status with this wire name. */
    public static DeliveryStatus of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
