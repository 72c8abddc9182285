package io.hookline.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * An outbound subscription as stored: where to deliver which events, with its sealed secrets.
 *
 * @param id {@code sub_…}
 * @param name unique among subscriptions and routes; its deliveries' route
 * @param url where deliveries are POSTed
 * @param events the patterns it wants, {@code source:type} globs as routes take them
 * @param headers extra headers sent with every delivery
 * @param description free text, or null
 * @param enabled whether new events are delivered to it
 * @param sealedSecret the signing secret, sealed; never stored in clear
 * @param sealedPreviousSecret the secret before the last rotation, sealed, or null
 * @param previousUntil until when the previous secret still signs, or null
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param failingSince since when every delivery has failed, or null while it works
 * @param disabledReason why Hookline disabled it, or null
 */
public record Subscription(String id, String name, String url, List<String> events, Map<String, String> headers,
        String description, boolean enabled, byte[] sealedSecret, byte[] sealedPreviousSecret, Instant previousUntil,
        Instant createdAt, Instant updatedAt, Instant failingSince, String disabledReason) {

    public Subscription {
        events = List.copyOf(events);
        headers = Map.copyOf(headers);
    }
}
