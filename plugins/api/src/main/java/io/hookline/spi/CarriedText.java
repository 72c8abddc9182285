package io.hookline.spi;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * How text a sender chose (an event type, an idempotency key) leaves the receiver in a carrier
 * that cannot hold every character: an HTTP header value, an environment variable, a log line, a
 * Sentry tag. A sender may put anything in a type ({@code "opened\nx"}, {@code "開く"}, a NUL),
 * and the JDK's HTTP client refuses such a header, the process API such a variable, and a line
 * terminator in a log line lets a sender forge lines. One rule everywhere, so a target decodes
 * every carrier the same way:
 *
 * <ul>
 *   <li>text made only of visible ASCII ({@code !} to {@code ~}) other than {@code %} is carried
 *       as is: every ordinary type ({@code pull_request.opened}, {@code invoice.paid}) is
 *       unchanged;</li>
 *   <li>otherwise each UTF-8 byte outside that set, and each {@code %}, becomes {@code %XX} with
 *       two upper-case hex digits (RFC 3986 percent-encoding). A space is encoded ({@code %20}),
 *       since a header loses leading and trailing spaces.</li>
 * </ul>
 *
 * <p>The rule is reversible: {@link #decode} gives back the text that was encoded, for any text
 * of valid UTF-16. A handler that writes an event type into a header or an environment variable
 * should carry {@link #encode}'s result, never the raw type.
 */
public final class CarriedText {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private CarriedText() {}

    /** The text as a header, an environment variable or a log line can carry it; unchanged when it already can. */
    public static String encode(String text) {
        if (carriedAsIs(text)) {
            return text;
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder carried = new StringBuilder(bytes.length + 16);
        for (byte b : bytes) {
            int unsigned = b & 0xFF;
            if (isKept(unsigned)) {
                carried.append((char) unsigned);
            } else {
                carried.append('%').append(HEX[unsigned >> 4]).append(HEX[unsigned & 0xF]);
            }
        }
        return carried.toString();
    }

    /**
     * The text {@link #encode} was given.
     *
     * @throws IllegalArgumentException when a {@code %} is not followed by two hex digits
     */
    public static String decode(String carried) {
        if (carried.indexOf('%') < 0) {
            return carried;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(carried.length());
        for (int i = 0; i < carried.length(); i++) {
            char c = carried.charAt(i);
            if (c != '%') {
                // Only ASCII comes out of encode; anything else is taken as the character it is.
                int end = Character.isHighSurrogate(c) && i + 1 < carried.length() ? i + 2 : i + 1;
                bytes.writeBytes(carried.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end - 1;
                continue;
            }
            int high = i + 2 < carried.length() ? Character.digit(carried.charAt(i + 1), 16) : -1;
            int low = high < 0 ? -1 : Character.digit(carried.charAt(i + 2), 16);
            if (low < 0) {
                throw new IllegalArgumentException("'%' at " + i + " is not followed by two hex digits");
            }
            bytes.write(high << 4 | low);
            i += 2;
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Whether {@link #encode} leaves the text as it is. */
    private static boolean carriedAsIs(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (!isKept(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isKept(int c) {
        return c >= '!' && c <= '~' && c != '%';
    }
}
