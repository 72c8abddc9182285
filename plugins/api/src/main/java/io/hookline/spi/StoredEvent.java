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
        byte[] body) {}
