package io.hookline.provider.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;

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

    /** Whether {@code given} is the canonical text of {@code expectedMac}, in constant time. */
    public boolean matches(byte[] expectedMac, String given) {
        return MessageDigest.isEqual(encode(expectedMac).getBytes(StandardCharsets.US_ASCII),
                given.getBytes(StandardCharsets.US_ASCII));
    }
}
