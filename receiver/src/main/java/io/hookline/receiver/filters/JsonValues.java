package io.hookline.receiver.filters;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cel.common.values.NullValue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A JSON body as CEL's runtime takes it: objects as maps, arrays as lists, integers as {@code Long}
 * (a larger one as {@code Double}), other numbers as {@code Double}, strings, booleans, and null
 * as CEL's null.
 */
final class JsonValues {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonValues() {}

    /**
     * The value of one JSON document, or empty when the bytes are not one. With {@code fields}, an
     * object's top-level fields other than those are skipped (still checked to be JSON), not built.
     * A name found twice in one object keeps its first value, as the providers' readers of the body
     * do ({@code JsonFields}).
     */
    static Optional<Object> parse(byte[] body, Set<String> fields) {
        return parse(body, fields, false);
    }

    /**
     * As {@link #parse(byte[], Set)}; with {@code checkedObject}, the body is known to be one JSON
     * object (its source's identify refused any other), so reading stops once every field in
     * {@code fields} is built.
     */
    static Optional<Object> parse(byte[] body, Set<String> fields, boolean checkedObject) {
        if (body.length == 0) {
            return Optional.empty();
        }
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() == null) {
                return Optional.empty();
            }
            if (fields != null && parser.currentToken() == JsonToken.START_OBJECT) {
                Map<String, Object> object = only(parser, fields, checkedObject);
                if (checkedObject && object.size() == fields.size()) {
                    return Optional.of(object);
                }
                return parser.nextToken() == null ? Optional.of(object) : Optional.empty();
            }
            Object value = value(parser);
            return parser.nextToken() == null ? Optional.of(value) : Optional.empty();
        } catch (IOException | RuntimeException notJson) {
            return Optional.empty();
        }
    }

    /** The object's fields named in {@code fields}; with {@code stopWhenAll}, read only until all are built. */
    private static Map<String, Object> only(JsonParser parser, Set<String> fields, boolean stopWhenAll)
            throws IOException {
        Map<String, Object> object = new LinkedHashMap<>();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            parser.nextToken();
            if (fields.contains(name) && !object.containsKey(name)) {
                object.put(name, value(parser));
                if (stopWhenAll && object.size() == fields.size()) {
                    return object;
                }
            } else {
                skip(parser);
            }
        }
        return object;
    }

    /** Reads past a value without building it; the parser still refuses what is not JSON. */
    private static void skip(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            int depth = 1;
            while (depth > 0) {
                JsonToken next = parser.nextToken();
                if (next == null) {
                    throw new IOException("the document ends inside a value");
                }
                if (next == JsonToken.START_OBJECT || next == JsonToken.START_ARRAY) {
                    depth++;
                } else if (next == JsonToken.END_OBJECT || next == JsonToken.END_ARRAY) {
                    depth--;
                }
            }
        }
    }

    private static Object value(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Object> object = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String name = parser.currentName();
                    parser.nextToken();
                    if (object.containsKey(name)) {
                        skip(parser);
                    } else {
                        object.put(name, value(parser));
                    }
                }
                return object;
            }
            case START_ARRAY -> {
                List<Object> array = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    array.add(value(parser));
                }
                return array;
            }
            case VALUE_STRING -> {
                return parser.getText();
            }
            case VALUE_NUMBER_INT -> {
                // Not a conditional expression: its numeric promotion would turn every long into a double.
                if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return parser.getDoubleValue();
                }
                return parser.getLongValue();
            }
            case VALUE_NUMBER_FLOAT -> {
                return parser.getDoubleValue();
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            case VALUE_NULL -> {
                return NullValue.NULL_VALUE;
            }
            default -> throw new IOException("unexpected " + token);
        }
    }
}
