package io.hookline.receiver.filters;

import io.hookline.provider.common.FormFields;
import io.hookline.spi.InvalidPayloadException;

/**
 * The JSON of a body sent as an HTML form ({@code application/x-www-form-urlencoded}) with the JSON
 * in its {@code payload} field: a convention of senders whose hooks may be set to send a form
 * rather than JSON. For such a body, {@code where:} and order keys read that field as the body.
 * The field is read as the GitHub provider reads it ({@link FormFields}).
 *
 * <p>A form-typed body without that field is read as the body itself: it is most often JSON sent
 * with a form's type ({@code curl -d} sends that type by default), which a provider that does not
 * read forms (every built-in one but GitHub's, which refuses a form without the field) identified
 * the event from, whatever its type.
 */
final class FormPayload {

    private static final String FIELD = "payload";

    private FormPayload() {}

    /**
     * The decoded {@code payload} field of a form body; the body itself (the same array) when it is
     * not a form or is a form without that field; no bytes (no JSON) for a form whose field is not
     * %-escaped as it must be.
     *
     * @param contentType the body's {@code content-type} header, or null
     */
    static byte[] json(String contentType, byte[] body) {
        if (!FormFields.isForm(contentType)) {
            return body;
        }
        try {
            return FormFields.field(body, FIELD).orElse(body);
        } catch (InvalidPayloadException notEscaped) {
            return new byte[0];
        }
    }
}
