package io.hookline.provider.common;

import io.hookline.spi.InvalidPayloadException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * Fields of a body sent as an HTML form ({@code application/x-www-form-urlencoded}): {@code name=value}
 * pairs joined by {@code &}, each part %-escaped with {@code +} for a space, the bytes UTF-8. Senders
 * whose hooks may be set to send a form put their JSON in one field ({@code payload}, as GitHub and
 * Slack do); this reads it, and says in plain words where a value is not %-escaped as it must be,
 * where {@link java.net.URLDecoder} says {@code Illegal hex characters in escape (%) pattern}.
 */
public final class FormFields {

    /** The media type of a form body. */
    public static final String FORM = "application/x-www-form-urlencoded";

    private FormFields() {}

    /** Whether a {@code content-type} header's value (null for none) says the body is a form. */
    public static boolean isForm(String contentType) {
        return contentType != null && contentType.strip().toLowerCase(Locale.ROOT).startsWith(FORM);
    }

    /**
     * The value of the first field with this name, decoded, as UTF-8 bytes; empty when no field has it.
     * A field whose name cannot be decoded is not that field.
     *
     * @throws InvalidPayloadException when the field's value has a {@code %} not followed by two hex
     *     digits, naming the field and the character's position in the body (from 1)
     */
    public static Optional<byte[]> field(byte[] body, String name) {
        // ISO-8859-1 keeps one character per byte: a position is a byte's, and raw UTF-8 passes through.
        String form = new String(body, StandardCharsets.ISO_8859_1);
        for (int start = 0; start <= form.length(); ) {
            int end = form.indexOf('&', start);
            end = end < 0 ? form.length() : end;
            int equals = form.indexOf('=', start);
            if (equals >= 0 && equals < end && name.equals(nameOf(form, start, equals))) {
                int bad = badEscape(form, equals + 1, end);
                if (bad >= 0) {
                    throw new InvalidPayloadException("form field '" + name + "' has a bad %-escape at character "
                            + (bad + 1) + ": '%' must be followed by two hex digits");
                }
                return Optional.of(decoded(form, equals + 1, end));
            }
            start = end + 1;
        }
        return Optional.empty();
    }

    private static String nameOf(String form, int start, int end) {
        return badEscape(form, start, end) >= 0 ? null
                : new String(decoded(form, start, end), StandardCharsets.UTF_8);
    }

    /** Where in {@code form} the first {@code %} between start and end not followed by two hex digits is; -1 if none. */
    private static int badEscape(String form, int start, int end) {
        for (int i = form.indexOf('%', start); i >= 0 && i < end; i = form.indexOf('%', i + 1)) {
            if (i + 2 >= end || Character.digit(form.charAt(i + 1), 16) < 0 || Character.digit(form.charAt(i + 2), 16) < 0) {
                return i;
            }
            i += 2;
        }
        return -1;
    }

    /** The part between start and end with its escapes undone; they were checked. */
    private static byte[] decoded(String form, int start, int end) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(end - start);
        for (int i = start; i < end; i++) {
            char c = form.charAt(i);
            if (c == '%') {
                bytes.write(Character.digit(form.charAt(i + 1), 16) << 4 | Character.digit(form.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes.write(c == '+' ? ' ' : c);
            }
        }
        return bytes.toByteArray();
    }
}
