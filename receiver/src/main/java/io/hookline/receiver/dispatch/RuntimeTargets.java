package io.hookline.receiver.dispatch;

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

    /** The enabled targets an event of this source and type goes to. */
    List<DeliveryTarget> targets(String source, String type);

    /** The enabled targets this event goes to, each with the event's key where the target is ordered. */
    default List<DeliveryTarget> targets(EventFields event) {
        return targets(event.source(), event.type());
    }

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
     * A runtime target's delivery: its handler, the timeout of one attempt and its retry schedule.
     */
    record Target(RouteHandler handler, Duration timeout, RetrySchedule retries) {}
}
