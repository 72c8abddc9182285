package com.example.hookline;

import io.hookline.spi.EventHandler;
import io.hookline.spi.HandlerContext;
import io.hookline.spi.RouteHandler;
import io.hookline.spi.RouteSettings;
import io.hookline.spi.StoredEvent;
import io.hookline.spi.TransientFailureException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * Handler {@code json-lines}: appends one line per event ({@code id}, {@code source}, {@code type},
 * body size) to the file in {@code settings.file}. Idempotent on the event id, as every handler
 * must be: a line already written for an event is not written again.
 */
public final class JsonLinesHandler implements EventHandler {

    @Override
    public String id() {
        return "json-lines";
    }

    @Override
    public RouteHandler bind(RouteSettings route) {
        route.requireKnownSettings(Set.of("file"));
        String file = route.settings().get("file");
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException(route.settingKey("file") + " is required: the file to append to");
        }
        Path path = Path.of(file);
        return (event, context) -> append(path, event, context);
    }

    private static synchronized void append(Path file, StoredEvent event, HandlerContext context) throws Exception {
        String line = "{\"id\":\"" + event.id() + "\",\"source\":\"" + event.source() + "\",\"type\":\"" + event.type()
                + "\",\"bytes\":" + (event.body() == null ? 0 : event.body().length) + "}\n";
        try {
            if (Files.exists(file) && Files.readString(file).contains("\"id\":\"" + event.id() + "\"")) {
                return;
            }
            Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new TransientFailureException("cannot append to " + file + ": " + e.getMessage());
        }
    }
}
