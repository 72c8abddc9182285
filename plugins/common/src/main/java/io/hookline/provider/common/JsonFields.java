package io.hookline.provider.common;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
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
 * with a reason a sender can act on, in plain words and with the line and column where reading
 * stopped: a syntax error ({@code body is not JSON: unexpected character '}' at line 1 column 10}),
 * and equally a body beyond the reader's limits (nesting deeper than 1,000 levels, a number longer
 * than 1,000 digits, a field name longer than 50,000 characters). The reason never names the JSON
 * library or its settings: a sender has no use for them. Which limit was hit is read from the
 * parser's state and the body's bytes, not from the library's message.
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
                throw new InvalidPayloadException(beyondLimits(body, parser));
            } catch (JsonEOFException e) {
                throw new InvalidPayloadException("body is not JSON: it ends before the JSON does"
                        + at(body, body.length));
            } catch (JsonProcessingException e) {
                long offset = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
                throw new InvalidPayloadException("body is not JSON: " + unexpected(body, offset) + at(body, offset));
            } catch (InvalidPayloadException e) {
                throw e;
            } catch (RuntimeException e) {
                // Whatever else the parser throws on some input is still this body's fault, not the receiver's.
                throw new InvalidPayloadException("body is not JSON that can be read"
                        + at(body, parser.currentLocation().getByteOffset()), e);
            }
        } catch (IOException e) {
            throw new InvalidPayloadException("body could not be read as JSON", e);
        }
    }

    /**
     * Which of the reader's limits the body passed: nesting by the parser's depth; else, by the
     * byte just before where the parser stopped, a number (a digit) or a text (a closing quote).
     */
    private static String beyondLimits(byte[] body, JsonParser parser) {
        StreamReadConstraints limits = JSON.streamReadConstraints();
        int stopped = (int) Math.min(body.length, Math.max(0, parser.currentLocation().getByteOffset()));
        if (parser.getParsingContext().getNestingDepth() > limits.getMaxNestingDepth()) {
            return "body nests deeper than " + limits.getMaxNestingDepth() + " levels" + at(body, stopped - 1);
        }
        int start = stopped;
        while (start > 0 && isNumberByte(body[start - 1])) {
            start--;
        }
        if (start < stopped) {
            return "body has a number longer than " + limits.getMaxNumberLength() + " digits" + at(body, start);
        }
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return "body has a string longer than " + limits.getMaxStringLength() + " characters"
                    + at(body, parser.currentTokenLocation().getByteOffset());
        }
        return "body has a field name longer than " + limits.getMaxNameLength() + " characters" + at(body, stopped);
    }

    private static boolean isNumberByte(byte b) {
        return b >= '0' && b <= '9' || b == '-' || b == '+' || b == '.' || b == 'e' || b == 'E';
    }

    /** What is at the offset: the character as the sender wrote it when it is visible ASCII, else its code. */
    private static String unexpected(byte[] body, long offset) {
        if (offset < 0 || offset >= body.length) {
            return "unexpected end of the body";
        }
        int b = body[(int) offset] & 0xff;
        if (b > 0x20 && b < 0x7f) {
            return "unexpected character '" + (char) b + "'";
        }
        return b < 0x20 || b == 0x7f ? "unexpected control character (code " + b + ")"
                : String.format("unexpected byte 0x%02X", b);
    }

    /** " at line L column C" of a byte offset, both counted from 1 (columns in bytes); empty when unknown. */
    private static String at(byte[] body, long offset) {
        if (offset < 0) {
            return "";
        }
        int end = (int) Math.min(offset, body.length);
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < end; i++) {
            if (body[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return " at line " + line + " column " + (end - lineStart + 1);
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
