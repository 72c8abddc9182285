package io.hookline.spi;

import java.time.Duration;
import java.util.Map;

/** What the receiver tells a handler about the attempt it is running. */
public interface HandlerContext {

    /** The route's {@code settings}, as configured; keys in kebab case. */
    Map<String, String> settings();

    /** The route's name, unique in the configuration. */
    String route();

    /** The attempt number for this event and route, starting at 1 and going on across replays (4 after three). */
    int attempt();

    /**
     * How long this attempt may run. The receiver interrupts the handler's thread when it is over,
     * and counts the attempt as {@code handler_timeout}; a handler doing I/O should use it as its
     * own timeout too.
     */
    Duration timeout();

    /**
     * Tells the receiver what the downstream answered to this attempt, so that it is kept with the
     * attempt and shown to on-call, whether the attempt succeeds or fails. Call it once the answer
     * is read, before returning or throwing; a later call replaces an earlier one. A handler that
     * calls nothing still works: its attempts are kept without an answer.
     *
     * <p>A default method, so contexts written before it (a plugin's own test doubles) still
     * compile; such a context ignores the call.
     */
    default void answered(DownstreamAnswer answer) {}
}
