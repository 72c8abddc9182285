package io.hookline.provider.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
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
 */
public final class JsonFields {

    private static final JsonFactory JSON = new JsonFactory();

    private JsonFields() {}

    /**
     * @throws InvalidPayloadException when the body is not a single JSON object, with the reason
     *     and the byte offset
     */
    public static Map<String, String> read(byte[] body, List<String> paths) {
        Set<String> wanted = Set.copyOf(paths);
        Map<String, String> found = new HashMap<>();
        try (JsonParser parser = JSON.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidPayloadException("body is not a JSON object");
            }
            readObject(parser, "", wanted, found);
            if (parser.nextToken() != null) {
                throw new InvalidPayloadException("body has content after the JSON object");
            }
            return found;
        } catch (JsonProcessingException e) {
            throw new InvalidPayloadException("body is not valid JSON: " + e.getOriginalMessage()
                    + " at byte " + e.getLocation().getByteOffset());
        } catch (IOException e) {
            throw new InvalidPayloadException("body could not be read as JSON", e);
        }
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
