package io.hookline.receiver.dispatch;

import io.hookline.receiver.filters.EventFacts;
import io.hookline.receiver.filters.Where;
import io.hookline.spi.RouteHandler;
import io.hookline.store.DeliveryTarget;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Delivery targets that are data a team manages at run time rather than configuration: the
 * subscriptions. Their deliveries carry the handler id {@link #HANDLER}, so a delivery whose
 * target is gone or disabled is recognised as cancelled rather than misconfigured.
 */
public interface RuntimeTargets {

    /** The handler id of every runtime target's deliveries. */
    String HANDLER = "subscription";

    /**
     * The enabled targets whose patterns take an event of this source and type, each with its
     * {@code where:}, which the caller tests, and what it orders its deliveries by.
     */
    List<Candidate> targets(String source, String type);

    /** Whether some enabled target has a {@code where:}. */
    boolean filters();

    /** Whether the named target delivers in order per key. */
    default boolean ordered(String name) {
        return false;
    }

    /** The names of every runtime target, enabled or not. */
    Set<String> names();

    /** What delivers to the named target, and how; empty when it is gone or disabled. */
    Optional<Target> handler(String name);

    /** The longest attempt any runtime target allows now: a claim's lease must outlast it. */
    Duration longestTimeout();

    /**
     * A target an event's source and type qualify for, its {@code where:} or null, and what its
     * deliveries are ordered by or null.
     */
    record Candidate(DeliveryTarget target, Where where, OrderKey orderBy) {

        /** The target of this event with its key, when the target delivers in order ({@code keyed} is then the event's). */
        DeliveryTarget of(OrderKey.Keyed keyed) {
            return keyed == null ? target : new DeliveryTarget(target.route(), target.handler(), keyed.key());
        }
    }

    /**
     * A runtime target's delivery: its handler, the timeout of one attempt, its retry schedule, and
     * the form of a thin event it asks for ({@code notification} or {@code fetched}), or null for
     * the receiver's {@code hookline.subscriptions.event-form}.
     */
    record Target(RouteHandler handler, Duration timeout, RetrySchedule retries, String eventForm) {}
}
