package io.hookline.provider.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.hookline.spi.InvalidPayloadException;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a few fields of a JSON body by dotted path ({@code "payload.object.uuid"}) in one
 * streaming pass, checking on the way that the whole body is one well-formed JSON object. Scalar
 * values come back as their text ({@code 1720705455858}, {@code true}); objects, arrays and nulls
 * are treated as absent.
 *
 * <p>Whatever the body, reading it either succeeds or throws {@link InvalidPayloadException}
 * with a reason a sender can act on: a syntax error, and equally a body beyond the reader's
 * limits ({@link com.fasterxml.jackson.core.StreamReadConstraints}: nesting deeper than 1,000
 * levels, a number longer than 1,000 digits, a string longer than 20 million characters). Jackson
 * reports those limits without a location, so the offset is the parser's own position.
 */
public final class JsonFields {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonFields() {}

    /**
     * @throws InvalidPayloadException when the body is not a single JSON object, or is beyond the
     *     reader's limits, with the reason and the byte offset
     */
    public static Map<String, String> read(byte[] body, List<String> paths) {
        Set<String> wanted = Set.copyOf(paths);
        Map<String, String> found = new HashMap<>();
        try (JsonParser parser = JSON.createParser(body)) {
            try {
                if (parser.nextToken() != JsonToken.START_OBJECT) {
                    throw new InvalidPayloadException("body is not a JSON object");
                }
                readObject(parser, "", wanted, found);
                if (parser.nextToken() != null) {
                    throw new InvalidPayloadException("body has content after the JSON object");
                }
                return found;
            } catch (StreamConstraintsException e) {
                throw new InvalidPayloadException("body is beyond the limits of the JSON reader: "
                        + e.getOriginalMessage() + at(e.getLocation(), parser));
            } catch (JsonProcessingException e) {
                throw new InvalidPayloadException("body is not valid JSON: " + e.getOriginalMessage()
                        + at(e.getLocation(), parser));
            } catch (InvalidPayloadException e) {
                throw e;
            } catch (RuntimeException e) {
                // Whatever else the parser throws on some input is still this body's fault, not the receiver's.
                throw new InvalidPayloadException("body could not be read as JSON: " + e.getClass().getSimpleName()
                        + at(null, parser), e);
            }
        } catch (IOException e) {
            throw new InvalidPayloadException("body could not be read as JSON", e);
        }
    }

    /** Where reading stopped: the exception's location when it has one, else the parser's position. */
    private static String at(JsonLocation location, JsonParser parser) {
        JsonLocation where = location != null ? location : parser.currentLocation();
        return where == null || where.getByteOffset() < 0 ? "" : " at byte " + where.getByteOffset();
    }

    private static void readObject(JsonParser parser, String prefix, Set<String> wanted, Map<String, String> found)
            throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String path = prefix + parser.currentName();
            JsonToken value = parser.nextToken();
            if (value == JsonToken.START_OBJECT && isPrefixOfWanted(path, wanted)) {
                readObject(parser, path + ".", wanted, found);
            } else if (value.isScalarValue() && value != JsonToken.VALUE_NULL && wanted.contains(path)) {
                found.putIfAbsent(path, parser.getText());
            } else {
                parser.skipChildren();
            }
        }
    }

    private static boolean isPrefixOfWanted(String path, Set<String> wanted) {
        String asPrefix = path + ".";
        for (String candidate : wanted) {
            if (candidate.startsWith(asPrefix)) {
                return true;
            }
        }
        return false;
    }
}
