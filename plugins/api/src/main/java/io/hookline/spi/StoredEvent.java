package io.hookline.spi;

import java.time.Instant;
import java.util.Map;

/**
 * An event as the receiver stored it, handed to {@link EventHandler#handle}.
 *
 * @param id the receiver's event id, such as {@code evt_01J...}; stable across retries and replays
 * @param source the source it was received on
 * @param provider the provider that verified it
 * @param type the event type, such as {@code pull_request.opened}
 * @param key the sender's idempotency key
 * @param receivedAt when the receiver committed it
 * @param occurredAt when the sender says it happened, or null
 * @param headers the stored request headers by lower-case name, without credentials or signatures
 * @param body the raw body bytes exactly as received; read-only
 * @param requestId the id of the request that brought it, as the receiver answered it in
 *     {@code X-Request-Id} and wrote it in its log lines (such as {@code req_3f9a…}), or, for an event
 *     a catch-up run fetched from the provider's API, the run's id ({@code rec_…}); null for events
 *     stored before the receiver kept it. Text of {@code [A-Za-z0-9._:-]}, so a header can carry it
 *     as it is. Added within API 1: the constructor without it stays, so plugins built before it still link.
 */
public record StoredEvent(
        String id,
        String source,
        String provider,
        String type,
        String key,
        Instant receivedAt,
        Instant occurredAt,
        Map<String, String> headers,
        byte[] body,
        String requestId) {

    /** An event without a request id: the constructor of API 1.0, kept for plugins (and their tests) built against it. */
    public StoredEvent(String id, String source, String provider, String type, String key, Instant receivedAt,
            Instant occurredAt, Map<String, String> headers, byte[] body) {
        this(id, source, provider, type, key, receivedAt, occurredAt, headers, body, null);
    }
}
