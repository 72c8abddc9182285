package io.hookline.receiver.filters;

import io.hookline.receiver.encoding.ContentEncodings;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One event as {@code where:} expressions and order keys see it. The body is parsed at most once, by
 * the first reader, and not at all when none reads it; of a JSON object, only the top-level fields
 * that the readers to come say they read ({@link #willRead}, {@link #willReadField}) are built, the
 * rest is only checked to be JSON. The body read is the JSON of a form's {@code payload} field for
 * a form body that has one ({@link FormPayload}). An instance belongs to one event and one thread.
 */
public final class EventFacts {

    static final String SOURCE = "source";
    static final String TYPE = "type";
    static final String KEY = "key";
    static final String HEADERS = "headers";
    static final String RECEIVED_AT = "received_at";
    static final String BODY = "body";

    /** A compressed body is inflated up to this for reading; the receiver's own limit is lower. */
    private static final int MAX_INFLATED = 64 * 1024 * 1024;

    private final String source;
    private final String provider;
    private final String type;
    private final String key;
    private final Map<String, String> headers;
    private final byte[] rawBody;
    private final byte[] decodedBody;
    private final Map<String, Object> variables = new HashMap<>(8);
    private Optional<Object> body;
    /** The top-level fields to build, or null for the whole body; empty until a reader says. */
    private Set<String> fieldsRead = new HashSet<>();
    /** The fields the body was parsed with (null: whole), once it is. */
    private Set<String> fieldsParsed;
    private boolean checkedJsonObject;

    /**
     * @param headers the stored headers, by lower-case name
     * @param rawBody the body as it arrived; a {@code content-encoding} of gzip or deflate is undone to read it
     */
    public EventFacts(String source, String provider, String type, String key, Map<String, String> headers,
            Instant receivedAt, byte[] rawBody) {
        this(source, provider, type, key, headers, receivedAt, rawBody, null);
    }

    /**
     * @param decodedBody the body with its {@code content-encoding} undone, by a caller that had to
     *     for another reader (the source's identify), so that it is not inflated twice; or null to
     *     undo it here, when the body is first read
     */
    public EventFacts(String source, String provider, String type, String key, Map<String, String> headers,
            Instant receivedAt, byte[] rawBody, byte[] decodedBody) {
        this.source = source;
        this.provider = provider;
        this.type = type;
        this.key = key;
        this.headers = headers;
        this.rawBody = rawBody;
        this.decodedBody = decodedBody;
        variables.put(SOURCE, source);
        variables.put(TYPE, type);
        variables.put(KEY, key);
        variables.put(HEADERS, headers);
        variables.put(RECEIVED_AT, receivedAt);
    }

    public String source() {
        return source;
    }

    public String provider() {
        return provider;
    }

    public String type() {
        return type;
    }

    /** The event's idempotency key. */
    public String key() {
        return key;
    }

    /** The header's stored value by its lower-case name, or null. */
    public String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    /**
     * Says that the body is one JSON object, as the source's identify found it when it read the body
     * whole ({@code SourceVerifier.identifyChecksJsonObject}): its readers then stop reading once
     * they have their fields. Not for a form body's {@code payload} field, which this class finds by
     * its own reading, which need not be the identify's; a form-typed body without that field is read
     * whole, as the identify read it.
     */
    public void bodyCheckedAsJsonObject() {
        checkedJsonObject = true;
    }

    /**
     * Says that this expression will be tested on the event, before the first test: the body is then
     * parsed once for all of them.
     */
    public void willRead(Where where) {
        if (!where.readsBody() || fieldsRead == null) {
            return;
        }
        if (where.bodyFields() == null) {
            fieldsRead = null;
        } else {
            fieldsRead.addAll(where.bodyFields());
        }
    }

    /**
     * Says that a reader other than an expression ({@link #scalarAt}) will read this top-level field
     * of the body, before the first reader: the body is then parsed once for all of them.
     */
    public void willReadField(String field) {
        if (fieldsRead != null) {
            fieldsRead.add(field);
        }
    }

    /**
     * The text of the scalar at this path into the JSON body (an object's field by name, an array's
     * element by index): a string's value, a number's digits, {@code true} or {@code false}. Null
     * when the body is not JSON, the path leads nowhere, or to null, an object or an array.
     */
    public String scalarAt(List<String> path) {
        if (path.isEmpty()) {
            return null;
        }
        if (body != null && fieldsParsed != null && !fieldsParsed.contains(path.get(0))) {
            // A reader that did not say so first: parse the whole body again rather than answer wrong.
            fieldsRead = null;
            body = null;
        }
        Object node = variables(true).get(BODY);
        for (String step : path) {
            if (node instanceof Map<?, ?> object) {
                node = object.get(step);
            } else if (node instanceof List<?> array && step.matches("0|[1-9][0-9]{0,8}")) {
                int index = Integer.parseInt(step);
                node = index < array.size() ? array.get(index) : null;
            } else {
                return null;
            }
        }
        if (node instanceof Double number) {
            return text(number);
        }
        return node instanceof String || node instanceof Boolean || node instanceof Long ? node.toString() : null;
    }

    /** A number's digits: an integer's without a fraction ({@code 1200}, not {@code 1200.0}). */
    static String text(double number) {
        boolean integral = number == Math.rint(number) && Math.abs(number) < 0x1p63;
        return integral ? Long.toString((long) number) : Double.toString(number);
    }

    /** The variables, with the body parsed and bound when {@code withBody} and it is JSON. */
    Map<String, Object> variables(boolean withBody) {
        if (withBody && body == null) {
            fieldsParsed = fieldsRead == null || fieldsRead.isEmpty() ? null : Set.copyOf(fieldsRead);
            byte[] decoded = decoded();
            byte[] json = FormPayload.json(headers.get("content-type"), decoded);
            // The same array back: not a form, or a form-typed body without a payload field; either way
            // the body itself, the one the identify checked.
            body = JsonValues.parse(json, fieldsParsed, checkedJsonObject && json == decoded);
            variables.remove(BODY);
            body.ifPresent(value -> variables.put(BODY, value));
        }
        return variables;
    }

    private byte[] decoded() {
        if (decodedBody != null) {
            return decodedBody;
        }
        try {
            return ContentEncodings.decodedBody(headers.get("content-encoding"), rawBody, MAX_INFLATED);
        } catch (RuntimeException notWhatItSays) {
            return new byte[0];
        }
    }
}
