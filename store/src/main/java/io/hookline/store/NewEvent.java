package io.hookline.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A verified webhook to be stored.
 *
 * @param source the source it arrived on
 * @param provider the provider that verified it
 * @param key the idempotency key, unique per source
 * @param type the event type
 * @param occurredAt when the sender says it happened, or null
 * @param headers the headers to keep, by lower-case name, without credentials
 * @param body the raw body bytes
 * @param targets the routes that must handle it; stored in the same transaction as the event
 * @param requestId the id of the request that brought it (its {@code X-Request-Id}), or of the
 *     catch-up run that fetched it; null when there is none
 * @param notes what routing found worth telling about it, such as a route's {@code where:} that
 *     failed on it; shown with the event
 */
public record NewEvent(
        String source,
        String provider,
        String key,
        String type,
        Instant occurredAt,
        Map<String, String> headers,
        byte[] body,
        List<DeliveryTarget> targets,
        String requestId,
        List<String> notes) {

    public NewEvent {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** An event with nothing noted about its routing. */
    public NewEvent(String source, String provider, String key, String type, Instant occurredAt,
            Map<String, String> headers, byte[] body, List<DeliveryTarget> targets, String requestId) {
        this(source, provider, key, type, occurredAt, headers, body, targets, requestId, List.of());
    }

    /** An event that came with no request id, such as one a tool or a test writes. */
    public NewEvent(String source, String provider, String key, String type, Instant occurredAt,
            Map<String, String> headers, byte[] body, List<DeliveryTarget> targets) {
        this(source, provider, key, type, occurredAt, headers, body, targets, null, List.of());
    }
}
