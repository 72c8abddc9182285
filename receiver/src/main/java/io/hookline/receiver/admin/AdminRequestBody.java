package io.hookline.receiver.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.WebhookException;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON body of an admin request, read one way for every endpoint: parsed once by
 * {@link AdminBodyFilter} (after the token was checked), handed to the endpoint that declares a
 * parameter of this type, and refused for an endpoint that takes none. An endpoint says which
 * fields it knows; any other field is a 400 naming it and the known ones, so a typo such as
 * {@code dryRun} for {@code dry_run} never runs a real replay. A field of the wrong type is a
 * 400 naming the field, never a 500. Every such refusal of a body, on every call, is one code,
 * {@code invalid_body}; query parameters have theirs ({@code invalid_query}).
 */
public final class AdminRequestBody {

    private static final JsonFactory STRICT = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    private static final Argument<Map<String, Object>> OBJECT = Argument.mapOf(String.class, Object.class);

    private final JsonMapper json;
    private final Map<String, Object> fields;

    private AdminRequestBody(JsonMapper json, Map<String, Object> fields) {
        this.json = json;
        this.fields = fields;
    }

    /**
     * Parses a body: nothing (or only white space) is an empty object; anything else must be one
     * JSON object.
     *
     * @throws WebhookException 400 {@code invalid_body} when it is not
     */
    static AdminRequestBody parse(JsonMapper json, byte[] body) {
        if (body == null || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return new AdminRequestBody(json, Map.of());
        }
        Map<String, Object> fields;
        try {
            requireOneObject(body);
            fields = json.readValue(body, OBJECT);
        } catch (IOException | RuntimeException e) {
            throw new WebhookException(ErrorClass.INVALID_BODY,
                    "the body must be one JSON object, such as {\"dry_run\": true}; this one is not valid JSON");
        }
        if (fields == null) {
            throw new WebhookException(ErrorClass.INVALID_BODY, "the body must be one JSON object, not null");
        }
        return new AdminRequestBody(json, new LinkedHashMap<>(fields));
    }

    /**
     * Reads the body's tokens once: one value, nothing after it, no field named twice at one level.
     * The mapper stops at the end of the first value and keeps the last of two equal names, so
     * {@code {"routes":["ci"]} trailing} or {@code {"routes":["ci"],"routes":["all"]}} would be acted on.
     */
    private static void requireOneObject(byte[] body) throws IOException {
        try (JsonParser parser = STRICT.createParser(body)) {
            parser.nextToken();
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new IOException("more than one JSON value");
            }
        }
    }

    /** Whether the body holds no field at all. */
    boolean isEmpty() {
        return fields.isEmpty();
    }

    /** The first field's name, for refusing a body where none is taken. */
    String firstField() {
        return fields.keySet().iterator().next();
    }

    /**
     * The fields as JSON values ({@code Map}, {@code List}, {@code String}, {@code Number},
     * {@code Boolean}, {@code null}), for an endpoint that checks each value itself; a field given
     * as {@code null} is kept, since it may mean "clear it".
     *
     * @param known the fields the endpoint takes
     * @param what what the body describes, for the message: {@code a subscription}
     * @throws WebhookException {@code invalid_body} naming the first unknown field and the known ones
     */
    public Map<String, Object> fields(Set<String> known, String what) {
        for (String field : fields.keySet()) {
            if (!known.contains(field)) {
                throw new WebhookException(ErrorClass.INVALID_BODY, field + ": not a field of " + what + " (fields: "
                        + new TreeSet<>(known) + ")");
            }
        }
        return Collections.unmodifiableMap(fields);
    }

    /**
     * The body as a record whose components, in snake case, are the fields it takes (every admin
     * JSON shape is snake case): each field is checked for its name and its type, then the
     * record is built. A field left out, or given as {@code null}, is null.
     *
     * @param what what the body describes, for the message: {@code a replay}
     * @throws WebhookException {@code invalid_body} naming an unknown field or one of the wrong type
     */
    public <T extends Record> T as(Class<T> shape, String what) {
        Map<String, RecordComponent> components = new LinkedHashMap<>();
        for (RecordComponent component : shape.getRecordComponents()) {
            components.put(snakeCase(component.getName()), component);
        }
        fields(components.keySet(), what);
        fields.forEach((field, value) -> {
            if (value != null) {
                checkType(field, value, components.get(field).getType());
            }
        });
        try {
            return json.readValue(json.writeValueAsBytes(withoutNulls()), Argument.of(shape));
        } catch (IOException e) {
            throw new IllegalStateException(shape.getSimpleName() + " did not read fields that were checked: " + e, e);
        }
    }

    private Map<String, Object> withoutNulls() {
        Map<String, Object> given = new LinkedHashMap<>();
        fields.forEach((field, value) -> {
            if (value != null) {
                given.put(field, value);
            }
        });
        return given;
    }

    /** JSON types, strictly: {@code "yes"} is not a boolean and {@code 5} is not a text. */
    private static void checkType(String field, Object value, Class<?> type) {
        if (type == Boolean.class || type == boolean.class) {
            require(value instanceof Boolean, field, "true or false", value);
        } else if (Number.class.isAssignableFrom(type) || type.isPrimitive()) {
            require(value instanceof Number, field, "a number", value);
        } else if (type == String.class) {
            require(value instanceof String, field, "a text", value);
        } else if (type == List.class) {
            boolean texts = value instanceof List<?> list && list.stream().allMatch(String.class::isInstance);
            require(texts, field, "a list of texts such as [\"ci\"]", value);
        } else if (type == Instant.class) {
            boolean instant = value instanceof String text && parses(text);
            require(instant, field, "an ISO-8601 instant such as 2026-11-25T08:00:00Z", value);
        } else {
            throw new IllegalArgumentException("no JSON type check for " + type + " (field " + field + ")");
        }
    }

    private static boolean parses(String text) {
        try {
            Instant.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static void require(boolean ok, String field, String expected, Object value) {
        if (!ok) {
            throw new WebhookException(ErrorClass.INVALID_BODY, field + " must be " + expected + "; not " + shown(value));
        }
    }

    /** The value as the client wrote it, cut short: a text in quotes, an object or list by its kind. */
    private static String shown(Object value) {
        if (value instanceof String text) {
            return "\"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
        }
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof Iterable<?>) {
            return "a list";
        }
        return String.valueOf(value);
    }

    static String snakeCase(String name) {
        return name.replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }
}
