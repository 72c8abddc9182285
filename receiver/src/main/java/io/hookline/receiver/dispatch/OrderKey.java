package io.hookline.receiver.dispatch;

import io.micronaut.json.tree.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a route's deliveries are ordered by ({@code order-by}): the key of one event, or null when the
 * event gives none (its delivery then runs in no particular order). Deliveries of a route with one
 * key run one at a time, oldest event first.
 *
 * <p>The built-in forms, parsed once at start by {@link #parse}: a JSON pointer into the body
 * ({@code /data/object/customer}), {@code key} (the idempotency key), {@code source}, {@code type},
 * or {@code header:<name>}. An expression language can give keys too, by implementing this.
 */
@FunctionalInterface
public interface OrderKey {

    /** The longest key kept; a longer value is cut here. */
    int MAX_LENGTH = 200;

    /** The event's key, or null when it gives none. */
    String of(EventFields event);

    /**
     * The order key that {@code spec} names.
     *
     * @throws IllegalArgumentException naming what is wrong and the forms allowed
     */
    static OrderKey parse(String spec) {
        String text = spec == null ? "" : spec.strip();
        if (text.startsWith("/")) {
            return bodyPointer(text);
        }
        if (text.regionMatches(true, 0, "header:", 0, 7) && text.length() > 7) {
            String name = text.substring(7).strip().toLowerCase(Locale.ROOT);
            return event -> event.header(name);
        }
        return switch (text) {
            case "key" -> EventFields::key;
            case "source" -> EventFields::source;
            case "type" -> EventFields::type;
            default -> throw new IllegalArgumentException("'" + spec + "' is not a key: give a JSON pointer into the"
                    + " body (/data/object/customer), key, source, type or header:<name>");
        };
    }

    private static OrderKey bodyPointer(String pointer) {
        List<String> steps = new ArrayList<>();
        for (String step : pointer.substring(1).split("/", -1)) {
            steps.add(step.replace("~1", "/").replace("~0", "~"));
        }
        List<String> path = List.copyOf(steps);
        return event -> event.body().flatMap(body -> at(body, path)).map(OrderKey::text).orElse(null);
    }

    private static Optional<JsonNode> at(JsonNode root, List<String> path) {
        JsonNode node = root;
        for (String step : path) {
            if (node.isObject()) {
                node = node.get(step);
            } else if (node.isArray() && step.matches("0|[1-9][0-9]{0,8}")) {
                node = node.get(Integer.parseInt(step));
            } else {
                return Optional.empty();
            }
            if (node == null) {
                return Optional.empty();
            }
        }
        return Optional.of(node);
    }

    /** A scalar's text (a string's value, a number's digits); null for null, an object or an array. */
    private static String text(JsonNode node) {
        if (node.isString()) {
            return cut(node.getStringValue());
        }
        if (node.isNumber() || node.isBoolean()) {
            return cut(node.coerceStringValue());
        }
        return null;
    }

    private static String cut(String key) {
        return key.length() > MAX_LENGTH ? key.substring(0, MAX_LENGTH) : key;
    }
}
