package io.hookline.store;

import java.util.Locale;

/**
 * Where a delivery (one event, one route) stands, and an event as a whole: the worst of its
 * deliveries, in the order {@code dead} > {@code retrying} > {@code pending} > {@code processed}.
 * An event with no matching route is {@code processed}.
 */
public enum DeliveryStatus {
    PENDING, RETRYING, PROCESSED, DEAD;

    /** The name stored and shown: {@code pending}, {@code retrying}, {@code processed}, {@code dead}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The status with this wire name. */
    public static DeliveryStatus of(String wireName) {
        return valueOf(wireName.toUpperCase(Locale.ROOT));
    }
}
