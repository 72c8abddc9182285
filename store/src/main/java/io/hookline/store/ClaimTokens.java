package io.hookline.store;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Tokens that tell one claim of a delivery from any other: 64 random bits. */
final class ClaimTokens {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ClaimTokens() {}

    static String next() {
        byte[] token = new byte[8];
        RANDOM.nextBytes(token);
        return HexFormat.of().formatHex(token);
    }
}
