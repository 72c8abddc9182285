package io.hookline.spi;

import java.util.Map;

/**
 * Does the work on a stored event: forwards it, writes it somewhere, calls an API.
 *
 * <p>The receiver runs a handler only on events that are already committed to its store, at
 * least once per matching route: a handler may see the same event more than once (a retry, a
 * replay, a restart after a crash) and must be idempotent on {@link StoredEvent#id()}. Throwing
 * any exception fails the attempt; the receiver classifies it and decides whether to retry.
 *
 * <p>Two forms, both supported for good: a handler overrides {@link #handle} alone (and may check
 * its settings in {@link #validate}), or it overrides {@link #bind} to turn each route's settings
 * into a ready {@link RouteHandler} once, at start, which can also release what it holds when the
 * receiver stops. The receiver calls {@link #bind} once per route that names the handler, at
 * start, on the thread that starts the receiver, with the plugin's own class loader as the
 * context class loader.
 *
 * <p>Found with {@link java.util.ServiceLoader}; a public no-argument constructor is required.
 */
public interface EventHandler {

    /** The name routes use in {@code hookline.routes[].handler}, such as {@code "forward"}. */
    String id();

    /**
     * Handles one event, for handlers that do not override {@link #bind}.
     *
     * @param event the stored event with its raw body
     * @param context the route's settings and the attempt number
     * @throws Exception when the attempt failed; the receiver records it and decides from the
     *     exception's type alone: {@link DownstreamStatusException} by its status,
     *     {@link TransientFailureException} and {@link java.io.IOException} are retried,
     *     {@link PermanentFailureException} is not, and any other exception is a bug in the
     *     handler ({@code handler_bug}), not retried
     */
    default void handle(StoredEvent event, HandlerContext context) throws Exception {
        throw new UnsupportedOperationException("handler '" + id() + "' handles events through the RouteHandler"
                + " its bind returns");
    }

    /**
     * Checks a route's settings when the receiver starts, so a mistake stops it at once. The
     * default accepts any settings.
     *
     * @throws IllegalArgumentException with a message that names the setting, such as
     *     {@code "url is required"}; the receiver adds the route's key in front
     */
    default void validate(Map<String, String> settings) {}

    /**
     * Binds one route: checks its settings and builds what its events need (clients, parsed
     * values), once. The default checks them with {@link #validate} and hands every event to
     * {@link #handle}.
     *
     * @param route the route, with its settings and timeout
     * @return the handler of this route's events
     * @throws IllegalArgumentException when a setting cannot work; the message names the full key
     *     ({@link RouteSettings#settingKey}) or, as from {@link #validate}, the setting alone
     */
    default RouteHandler bind(RouteSettings route) {
        validate(route.settings());
        return this::handle;
    }
}
