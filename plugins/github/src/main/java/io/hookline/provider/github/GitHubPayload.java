package io.hookline.provider.github;

import io.hookline.provider.common.FormFields;
import io.hookline.provider.common.JsonFields;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import java.util.List;

/**
 * Reads the top-level {@code action} of a GitHub payload, checking on the way that the whole body
 * is one JSON object. GitHub sends either {@code application/json} or, when the hook is set to
 * {@code application/x-www-form-urlencoded}, the same JSON in a {@code payload} form field.
 */
final class GitHubPayload {

    private static final String FORM_FIELD = "payload";
    private static final List<String> ACTION = List.of("action");

    private GitHubPayload() {}

    /** The body's top-level {@code action}, or null when it has none. */
    static String action(InboundRequest request) {
        boolean form = FormFields.isForm(request.header("content-type").orElse(null));
        byte[] json = form ? formPayload(request.body()) : request.body();
        return JsonFields.read(json, ACTION).get("action");
    }

    private static byte[] formPayload(byte[] body) {
        return FormFields.field(body, FORM_FIELD)
                .orElseThrow(() -> new InvalidPayloadException("form body has no '" + FORM_FIELD + "' field"));
    }
}
