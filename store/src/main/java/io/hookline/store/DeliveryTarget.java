package io.hookline.store;

/**
 * A route an event must be delivered to.
 *
 * @param route the route's name, unique in the configuration
 * @param handler the id of the handler the route runs
 */
public record DeliveryTarget(String route, String handler) {}
