package io.hookline.provider.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC over the exact bytes a sender signs: optional text before the raw body, then the body. */
public final class Hmac {

    /** The algorithms a scheme may name. */
    public enum Algorithm {
        SHA256("HmacSHA256"), SHA512("HmacSHA512");

        final String jcaName;

        Algorithm(String jcaName) {
            this.jcaName = jcaName;
        }
    }

    private Hmac() {}

    /** HMAC-SHA256 of {@code prefix} (UTF-8) followed by {@code body}, keyed by the UTF-8 secret. */
    public static byte[] sha256(String secret, String prefix, byte[] body) {
        return compute(Algorithm.SHA256, secret.getBytes(StandardCharsets.UTF_8), prefix, body);
    }

    /** HMAC-SHA256 of {@code body} keyed by the UTF-8 secret. */
    public static byte[] sha256(String secret, byte[] body) {
        return sha256(secret, "", body);
    }

    /** HMAC of {@code prefix} (UTF-8) followed by {@code body}, keyed by raw key bytes. */
    public static byte[] compute(Algorithm algorithm, byte[] key, String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance(algorithm.jcaName);
            mac.init(new SecretKeySpec(key, algorithm.jcaName));
            if (!prefix.isEmpty()) {
                mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            }
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm.jcaName + " is not available in this JDK", e);
        }
    }
}
