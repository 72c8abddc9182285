package io.hookline.provider.common;

import java.util.Random;

/**
 * Random webhook-like JSON bodies with unicode, escapes and odd spacing, and one-byte tampering,
 * for the providers' differential tests (shared as this module's test jar).
 */
public final class RandomBodies {

    private static final String[] PIECES = {
        "caf\u00e9", "\u2665\u2665", "\uD83D\uDE92", "\\u001B[34m", "\\n", "\\\"quoted\\\"", "tab\\t", " ",
        "\u4e2d\u6587", "\u00a0", "plain", "\\\\", "\u2019", "\u2013"
    };

    private RandomBodies() {}

    /** A JSON object that starts with {@code leadingFields} (such as {@code "type":"x",}). */
    public static String json(Random random, String leadingFields) {
        StringBuilder body = new StringBuilder("{").append(leadingFields).append("\"data\":{\"note\": \"");
        int pieces = random.nextInt(12);
        for (int i = 0; i < pieces; i++) {
            body.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return body.append("\"}").append(random.nextBoolean() ? "}\n" : "}").toString();
    }

    public static byte[] flipOneByte(byte[] body, Random random) {
        byte[] flipped = body.clone();
        flipped[random.nextInt(flipped.length)] ^= 0x01;
        return flipped;
    }

    public static String flipOneChar(String text, Random random) {
        if (text.isEmpty()) {
            return "a";
        }
        char[] chars = text.toCharArray();
        int at = random.nextInt(chars.length);
        chars[at] = chars[at] == 'a' ? 'b' : 'a';
        return new String(chars);
    }
}
