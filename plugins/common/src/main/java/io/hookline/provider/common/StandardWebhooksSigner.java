package io.hookline.provider.common;

import java.security.PrivateKey;

/**
 * One key a Standard Webhooks sender signs with: it writes that key's entry of
 * {@code webhook-signature}, {@code v1,…} for an HMAC secret, {@code v1a,…} for an Ed25519 private key.
 */
@FunctionalInterface
public interface StandardWebhooksSigner {

    /** The entry for one message, such as {@code v1a,<base64>}. */
    String entry(String id, long timestamp, byte[] body);

    /** Signs {@code v1} with an HMAC key (the base64-decoded part of a {@code whsec_} secret). */
    static StandardWebhooksSigner hmac(byte[] key) {
        byte[] copy = key.clone();
        return (id, timestamp, body) -> StandardWebhooksSignature.v1(copy, id, timestamp, body);
    }

    /** Signs {@code v1a} with an Ed25519 private key. */
    static StandardWebhooksSigner ed25519(PrivateKey key) {
        return (id, timestamp, body) -> StandardWebhooksSignature.v1a(key, id, timestamp, body);
    }

    /**
     * The signer of a key as a sender keeps it: a {@code whsk_} secret key signs {@code v1a}, a
     * {@code whsec_} secret {@code v1}.
     *
     * @throws IllegalArgumentException when it is neither
     */
    static StandardWebhooksSigner of(String key) {
        return key.startsWith(StandardWebhooksKeyPair.SECRET_PREFIX)
                ? ed25519(StandardWebhooksKeyPair.privateKey(key))
                : hmac(StandardWebhooksKey.decode(key));
    }
}
