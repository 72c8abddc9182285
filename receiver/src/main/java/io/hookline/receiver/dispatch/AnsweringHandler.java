package io.hookline.receiver.dispatch;

import io.hookline.spi.RouteHandler;

/**
 * A handler of Hookline's own that, after a successful attempt, says what the target answered
 * (status and the start of its body), kept as the attempt's message for the delivery log.
 */
public interface AnsweringHandler extends RouteHandler {

    /** What the target answered to the attempt just made; null if it made none. */
    String answer();
}
