package io.hookline.handlers;

import io.hookline.spi.EventHandler;
import io.hookline.spi.HandlerContext;
import io.hookline.spi.RouteHandler;
import io.hookline.spi.RouteSettings;
import io.hookline.spi.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Events and attempt contexts as the receiver hands them to a handler. */
final class Contexts {

    private Contexts() {}

    static StoredEvent event(String body) {
        return new StoredEvent("evt_01TEST", "gh", "github", "push", "delivery-1", Instant.now(), null,
                Map.of("content-type", "application/json"), body.getBytes(StandardCharsets.UTF_8));
    }

    static RouteSettings route(Map<String, String> settings, Duration timeout) {
        return new RouteSettings("test-route", "hookline.routes[0]", settings, timeout);
    }

    /** Binds the handler to a route with these settings and handles one event, as the receiver does. */
    static void handle(EventHandler handler, StoredEvent event, Map<String, String> settings, Duration timeout)
            throws Exception {
        try (RouteHandler bound = handler.bind(route(settings, timeout))) {
            bound.handle(event, context(settings, timeout));
        }
    }

    static HandlerContext context(Map<String, String> settings, Duration timeout) {
        return new HandlerContext() {
            @Override
            public Map<String, String> settings() {
                return settings;
            }

            @Override
            public String route() {
                return "test-route";
            }

            @Override
            public int attempt() {
                return 2;
            }

            @Override
            public Duration timeout() {
                return timeout;
            }
        };
    }
}
