package io.hookline.spi;

import java.util.Optional;

/**
 * A source's way to fetch the full form of an event that the sender delivers as a small notification
 * only, such as a Stripe thin event ({@code "object": "v2.core.event"}), which names the event but
 * carries none of its data. Offered by a bound source through {@link SourceVerifier#eventFetch}.
 *
 * <p>The receiver promises: the notification is stored and acknowledged first, exactly as received;
 * {@link #fetch} is called later, on a delivery thread, when a route that asks for the fetched form
 * runs the event, with the plugin's own class loader as the context class loader. The receiver
 * keeps what it returns beside the notification and never asks again for that event: other routes
 * and replays get the kept form. Within one receiver, one fetch of an event runs at a time: routes
 * that want the same event meanwhile wait for its result, and a failure is shared by the attempts
 * due before the earliest retry instead of each asking again. A fetch that fails is an attempt of
 * each route that waited for it, retried on that route's schedule when its failure is one that may
 * pass; it does not count against the route target's circuit breaker.
 */
public interface EventFetch {

    /**
     * Fetches the full form of the event.
     *
     * <p>May block on the sender's API (bound each call's time yourself; the route's timeout bounds
     * the attempt) and must stop promptly with {@link InterruptedException} when interrupted.
     *
     * @param notification the event as stored: its body is the notification as received
     * @return the full event's bytes as the sender's API answered them, or empty when this event is
     *     complete as sent and there is nothing to fetch (the routes then get the notification)
     * @throws DownstreamStatusException when the API refused: 429 and 5xx are retried, 401 and 403
     *     are {@code permission_denied} (the credential is refused), other 4xx (such as 404, the event
     *     is gone) are not retried; the message names the call, never a credential
     * @throws TransientFailureException when the API could not be reached
     * @throws InterruptedException when the receiver is shutting down
     */
    Optional<byte[]> fetch(StoredEvent notification)
            throws DownstreamStatusException, TransientFailureException, InterruptedException;
}
