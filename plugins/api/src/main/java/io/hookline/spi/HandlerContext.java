package io.hookline.spi;

import java.util.Map;

/** What the receiver tells a handler about the attempt it is running. */
public interface HandlerContext {

    /** The route's {@code settings}, as configured; keys in kebab case. */
    Map<String, String> settings();

    /** The attempt number for this event and handler, starting at 1. */
    int attempt();
}
