package io.hookline.spi;

/**
 * Does the work on a stored event: forwards it, writes it somewhere, calls an API.
 *
 * <p>The receiver runs a handler only on events that are already committed to its store, at
 * least once per matching route: a handler may see the same event more than once (a retry, a
 * replay, a restart after a crash) and must be idempotent on {@link StoredEvent#id()}. Throwing
 * any exception fails the attempt; the receiver classifies it and decides whether to retry.
 *
 * <p>Found with {@link java.util.ServiceLoader}; a public no-argument constructor is required.
 * One instance serves every route that names it, from several threads at once.
 */
public interface EventHandler {

    /** The name routes use in {@code hookline.routes[].handler}, such as {@code "forward"}. */
    String id();

    /**
     * Handles one event.
     *
     * @param event the stored event with its raw body
     * @param context the route's settings and the attempt number
     * @throws Exception when the attempt failed; the receiver records it and decides from the
     *     exception's type alone: {@link DownstreamStatusException} by its status,
     *     {@link TransientFailureException} and {@link java.io.IOException} are retried,
     *     {@link PermanentFailureException} is not, and any other exception is a bug in the
     *     handler ({@code handler_bug}), not retried
     */
    void handle(StoredEvent event, HandlerContext context) throws Exception;

    /**
     * Checks a route's settings when the receiver starts, so a mistake stops it at once. The
     * default accepts any settings.
     *
     * @throws IllegalArgumentException with a message that names the setting, such as
     *     {@code "url is required"}; the receiver adds the route's key in front
     */
    default void validate(java.util.Map<String, String> settings) {}
}
