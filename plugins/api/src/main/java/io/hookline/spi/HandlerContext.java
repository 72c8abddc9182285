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
}
