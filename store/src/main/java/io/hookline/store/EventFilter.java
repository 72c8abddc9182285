package io.hookline.store;

import java.time.Instant;

/**
 * Which events to list or replay; every part is optional (null means any).
 *
 * @param status the event's status
 * @param source the source name
 * @param type an event type, or a glob with {@code *} such as {@code pull_request.*}
 * @param receivedFrom received at or after
 * @param receivedBefore received before
 */
public record EventFilter(DeliveryStatus status, String source, String type, Instant receivedFrom, Instant receivedBefore) {

    /** Every event. */
    public static EventFilter any() {
        return new EventFilter(null, null, null, null, null);
    }
}
