package io.hookline.handlers;

import io.hookline.spi.CarriedText;
import io.hookline.spi.EventHandler;
import io.hookline.spi.HandlerContext;
import io.hookline.spi.RouteHandler;
import io.hookline.spi.RouteSettings;
import io.hookline.spi.StoredEvent;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code log}: writes one line per event to the {@code hookline.events} logger. Never the body. The
 * type and the key are the sender's text, written as {@link CarriedText} encodes them, so a line
 * terminator in them cannot start a forged line.
 */
public final class LogHandler implements EventHandler {

    private static final Logger EVENTS = LoggerFactory.getLogger("hookline.events");

    @Override
    public String id() {
        return "log";
    }

    @Override
    public RouteHandler bind(RouteSettings route) {
        route.requireKnownSettings(Set.of());
        return this::handle;
    }

    @Override
    public void handle(StoredEvent event, HandlerContext context) {
        EVENTS.info("Event {} from {} ({}): {} key={} bytes={}", event.id(), event.source(), event.provider(),
                CarriedText.encode(event.type()), CarriedText.encode(event.key()), event.body() == null ? 0 : event.body().length);
    }
}
