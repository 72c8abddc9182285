package io.hookline.provider.github;

import io.hookline.provider.common.JsonFields;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Reads the top-level {@code action} of a GitHub payload, checking on the way that the whole body
 * is one JSON object. GitHub sends either {@code application/json} or, when the hook is set to
 * {@code application/x-www-form-urlencoded}, the same JSON in a {@code payload} form field.
 */
final class GitHubPayload {

    private static final String FORM_FIELD = "payload=";
    private static final List<String> ACTION = List.of("action");

    private GitHubPayload() {}

    /** The body's top-level {@code action}, or null when it has none. */
    static String action(InboundRequest request) {
        boolean form = request.header("content-type")
                .map(type -> type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded"))
                .orElse(false);
        byte[] json = form ? formPayload(request.body()) : request.body();
        return JsonFields.read(json, ACTION).get("action");
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
}
