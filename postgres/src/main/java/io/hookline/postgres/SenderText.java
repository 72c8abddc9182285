package io.hookline.postgres;

import io.hookline.spi.CarriedText;

/**
 * A sender's text (an idempotency key, an event type) in PostgreSQL's {@code text}, which cannot
 * hold U+0000 ("invalid byte sequence for encoding UTF8: 0x00") although a JSON string may carry
 * one. Text without it is stored as it is, so every ordinary key and type, and the indexes and
 * {@code LIKE} patterns over them, are untouched. Text with it, or text that begins with the mark
 * U+FFFF (a noncharacter, which no sender's key or type holds in practice, and which makes the
 * rule reversible if one does), is stored as the mark followed by the text percent-encoded as
 * {@link CarriedText} does it.
 */
final class SenderText {

    private static final char MARK = '\uFFFF';

    private SenderText() {}

    static String stored(String text) {
        if (text == null || (text.indexOf('\u0000') < 0 && (text.isEmpty() || text.charAt(0) != MARK))) {
            return text;
        }
        return MARK + CarriedText.encode(text);
    }

    static String read(String stored) {
        if (stored == null || stored.isEmpty() || stored.charAt(0) != MARK) {
            return stored;
        }
        return CarriedText.decode(stored.substring(1));
    }
}
