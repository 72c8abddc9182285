package io.hookline.provider.github;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Reads the top-level {@code action} of a GitHub payload, checking on the way that the whole body
 * is one JSON object. GitHub sends either {@code application/json} or, when the hook is set to
 * {@code application/x-www-form-urlencoded}, the same JSON in a {@code payload} form field.
 */
final class GitHubPayload {

    private static final JsonFactory JSON = new JsonFactory();
    private static final String FORM_FIELD = "payload=";

    private GitHubPayload() {}

    /** The body's top-level {@code action}, or null when it has none. */
    static String action(InboundRequest request) {
        boolean form = request.header("content-type")
                .map(type -> type.toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded"))
                .orElse(false);
        return form ? actionOf(formPayload(request.body())) : actionOf(request.body());
    }

    private static byte[] formPayload(byte[] body) {
        String form = new String(body, StandardCharsets.US_ASCII);
        for (String field : form.split("&")) {
            if (field.startsWith(FORM_FIELD)) {
                try {
                    return URLDecoder.decode(field.substring(FORM_FIELD.length()), StandardCharsets.UTF_8)
                            .getBytes(StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    throw new InvalidPayloadException("form field 'payload' is not URL-encoded: " + e.getMessage());
                }
            }
        }
        throw new InvalidPayloadException("form body has no 'payload' field");
    }

    private static String actionOf(byte[] json) {
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new InvalidPayloadException("body is not a JSON object");
            }
            String action = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("action".equals(field) && value == JsonToken.VALUE_STRING) {
                    action = parser.getText();
                } else {
                    parser.skipChildren();
                }
            }
            if (parser.nextToken() != null) {
                throw new InvalidPayloadException("body has content after the JSON object");
            }
            return action;
        } catch (JsonProcessingException e) {
            throw new InvalidPayloadException("body is not valid JSON: " + e.getOriginalMessage()
                    + " at byte " + e.getLocation().getByteOffset());
        } catch (IOException e) {
            throw new InvalidPayloadException("body could not be read as JSON", e);
        }
    }
}
