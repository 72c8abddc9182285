package io.hookline.store;

/**
 * A route an event must be delivered to.
 *
 * @param route the route's name, unique in the configuration
 * @param handler the id of the handler the route runs
 * @param orderKey the delivery's key when the route delivers in order per key ({@code order-by}):
 *     the route's deliveries with one key run one at a time, oldest event first; null when the
 *     route has no order or the event gives no key
 */
public record DeliveryTarget(String route, String handler, String orderKey) {

    /** A target of a route that delivers in no particular order. */
    public DeliveryTarget(String route, String handler) {
        this(route, handler, null);
    }
}
