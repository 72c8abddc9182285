package io.hookline.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * What identifies a verified event.
 *
 * @param key the idempotency key: the same for every delivery of the same event by this sender,
 *     such as Stripe's event id or GitHub's {@code X-GitHub-Delivery}; never blank, at most 512
 *     characters
 * @param type the event type, dot separated, such as {@code pull_request.opened}
 * @param occurredAt when the sender says the event happened, or null when it does not say
 */
public record EventIdentity(String key, String type, Instant occurredAt) {

    /** The longest key the receiver stores. */
    public static final int MAX_KEY_LENGTH = 512;

    public EventIdentity {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        if (key.isBlank() || key.length() > MAX_KEY_LENGTH) {
            throw new InvalidPayloadException(
                    "the idempotency key must have 1 to " + MAX_KEY_LENGTH + " characters");
        }
    }
}
