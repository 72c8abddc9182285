package io.hookline.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything on-call needs about one event: no body (it may be large; see
 * {@link EventStore#find}), no secrets.
 *
 * @param summary the event's list entry
 * @param occurredAt when the sender says it happened, or null
 * @param requestId the id of the request that brought it, or of the catch-up run that fetched it;
 *     null for events stored before it was kept
 * @param headers the stored headers (without credentials or signatures)
 * @param bodySize the body's size in bytes, or -1 once pruned
 * @param deliveries one per route
 * @param attempts every attempt, oldest first
 * @param replays its history of replays, oldest first
 * @param notes what routing noted about it, such as a route's {@code where:} that failed on it
 */
public record EventDetail(
        EventSummary summary,
        Instant occurredAt,
        String requestId,
        Map<String, String> headers,
        long bodySize,
        List<Delivery> deliveries,
        List<Attempt> attempts,
        List<Replay> replays,
        List<String> notes) {

    /**
     * Where one route's delivery of the event stands.
     *
     * @param orderKey its key when its route delivers in order per key, else null
     * @param heldBy while it waits to run behind another delivery of its key, that delivery's event
     *     (the one holding the key); else null
     */
    public record Delivery(String route, String handler, DeliveryStatus status, int attempts, Instant nextAttemptAt,
            String lastErrorClass, String lastError, String orderKey, String heldBy) {}

    /**
     * One handler attempt; {@code instance} is the receiver that ran it, null for attempts recorded
     * before it was kept; {@code answer} is what the target answered, null when there was none (no
     * connection, a handler that reports none, an attempt recorded before answers were kept).
     */
    public record Attempt(String route, String handler, int number, Instant startedAt, long durationMillis,
            String outcome, String errorClass, String message, String instance, AttemptAnswer answer) {}

    /**
     * One replay of the event.
     *
     * @param id the replay's id; a bulk or paced replay has one id for all its events
     * @param startedAt when it was started
     * @param startedBy {@code api} or {@code dashboard}
     * @param selection {@code failed}, {@code routes} or {@code all}
     * @param routes the routes and subscriptions whose deliveries it queued again (a dry run: would have)
     * @param dryRun whether it only said what it would queue
     * @param rate the pace of a paced replay in events a second, or null
     */
    public record Replay(long id, Instant startedAt, String startedBy, String selection, List<String> routes,
            boolean dryRun, Double rate) {}
}
