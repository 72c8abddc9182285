package io.hookline.provider.common;

import java.util.Base64;

/**
 * A Standard Webhooks secret ({@code whsec_} followed by base64; the libraries accept the bare
 * base64 too) as the HMAC key it stands for.
 */
public final class StandardWebhooksKey {

    private static final String PREFIX = "whsec_";

    private StandardWebhooksKey() {}

    /** @throws IllegalArgumentException when the secret is not base64 or is empty */
    public static byte[] decode(String secret) {
        byte[] key = Base64.getDecoder().decode(secret.startsWith(PREFIX) ? secret.substring(PREFIX.length()) : secret);
        if (key.length == 0) {
            throw new IllegalArgumentException("empty key");
        }
        return key;
    }
}
