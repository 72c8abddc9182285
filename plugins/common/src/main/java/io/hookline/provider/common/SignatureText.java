package io.hookline.provider.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A signature as it is written in a header: lowercase hex or standard base64. A given signature
 * matches only the canonical text of the expected MAC, compared in constant time, as the
 * providers' own SDKs compare (so {@code A=} and {@code B=} never both pass for one MAC).
 */
public enum SignatureText {
    HEX {
        @Override
        public String encode(byte[] mac) {
            return HexFormat.of().formatHex(mac);
        }
    },
    BASE64 {
        @Override
        public String encode(byte[] mac) {
            return Base64.getEncoder().encodeToString(mac);
        }
    };

    /** The canonical text of a MAC. */
    public abstract String encode(byte[] mac);

    /**
     * The secret whose HMAC-SHA256 of {@code signedPrefix} + {@code body} has {@code given} as its
     * text, or null when none has: what a provider with one signature per request checks.
     */
    public String secretThatSigned(List<String> secrets, String signedPrefix, byte[] body, String given) {
        for (String secret : secrets) {
            if (matches(Hmac.sha256(secret, signedPrefix, body), given)) {
                return secret;
            }
        }
        return null;
    }

    /** Whether {@code given} is the canonical text of {@code expectedMac}, in constant time. */
    public boolean matches(byte[] expectedMac, String given) {
        return MessageDigest.isEqual(encode(expectedMac).getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }
}
