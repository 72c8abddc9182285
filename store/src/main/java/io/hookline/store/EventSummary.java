package io.hookline.store;

import java.time.Instant;

/**
 * One event as a list shows it.
 *
 * @param id the event id
 * @param source the source it arrived on
 * @param provider the provider that verified it
 * @param type the event type
 * @param key the sender's idempotency key
 * @param receivedAt when it was committed
 * @param status the worst status of its deliveries
 * @param lastErrorClass the error class of its latest failed attempt, or null
 */
public record EventSummary(
        String id,
        String source,
        String provider,
        String type,
        String key,
        Instant receivedAt,
        DeliveryStatus status,
        String lastErrorClass) {}
