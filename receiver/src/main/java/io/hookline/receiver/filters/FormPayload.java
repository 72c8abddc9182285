package io.hookline.receiver.filters;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The JSON of a body sent as an HTML form ({@code application/x-www-form-urlencoded}) with the JSON
 * in its {@code payload} field: a convention of senders whose hooks may be set to send a form
 * rather than JSON. For such a body, {@code where:} and order keys read that field as the body.
 */
final class FormPayload {

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String FIELD = "payload";

    private FormPayload() {}

    /**
     * The decoded {@code payload} field of a form body; the body itself when it is not a form; no
     * bytes (no JSON) for a form without that field or whose field is not URL-encoded.
     *
     * @param contentType the body's {@code content-type} header, or null
     */
    static byte[] json(String contentType, byte[] body) {
        if (contentType == null || !contentType.strip().toLowerCase(Locale.ROOT).startsWith(FORM)) {
            return body;
        }
        String form = new String(body, StandardCharsets.UTF_8);
        for (int start = 0; start <= form.length(); ) {
            int end = form.indexOf('&', start);
            end = end < 0 ? form.length() : end;
            int equals = form.indexOf('=', start);
            if (equals >= 0 && equals < end && decode(form.substring(start, equals)).equals(FIELD)) {
                return decode(form.substring(equals + 1, end)).getBytes(StandardCharsets.UTF_8);
            }
            start = end + 1;
        }
        return new byte[0];
    }

    private static String decode(String encoded) {
        try {
            return URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncoded) {
            return "";
        }
    }
}
