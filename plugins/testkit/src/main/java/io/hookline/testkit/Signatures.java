package io.hookline.testkit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs a body as most webhook senders do: an HMAC-SHA256 over a signed prefix and the raw body bytes. */
public final class Signatures {

    private Signatures() {}

    /** HMAC-SHA256 of {@code prefix} then {@code body}, keyed by the secret's UTF-8 bytes. */
    public static byte[] hmacSha256(byte[] key, String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** As lower-case hex, the secret used as its UTF-8 bytes (GitHub, Stripe, Zoom). */
    public static String hmacSha256Hex(String secret, String prefix, byte[] body) {
        return HexFormat.of().formatHex(hmacSha256(secret.getBytes(StandardCharsets.UTF_8), prefix, body));
    }

    /** As base64 (Standard Webhooks, with the key decoded from {@code whsec_...}). */
    public static String hmacSha256Base64(byte[] key, String prefix, byte[] body) {
        return Base64.getEncoder().encodeToString(hmacSha256(key, prefix, body));
    }
}
