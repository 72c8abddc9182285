package io.hookline.provider.common;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;

/**
 * The Standard Webhooks signatures, in one place for the verifier and both senders, each over
 * {@code {webhook-id}.{webhook-timestamp}.{body}} and written in {@code webhook-signature}: the
 * symmetric {@code v1,<base64>}, HMAC-SHA256 under the secret's key, and the asymmetric
 * {@code v1a,<base64>}, Ed25519 under the sender's private key (the JDK's provider).
 */
public final class StandardWebhooksSignature {

    /** The length of an Ed25519 signature (RFC 8032). */
    public static final int ED25519_LENGTH = 64;

    private StandardWebhooksSignature() {}

    /** The MAC of a message, under one key. */
    public static byte[] mac(byte[] key, String id, long timestamp, byte[] body) {
        return Hmac.compute(Hmac.Algorithm.SHA256, key, signedPrefix(id, timestamp), body);
    }

    /** The {@code v1,<base64>} entry a sender puts in {@code webhook-signature} for one key. */
    public static String v1(byte[] key, String id, long timestamp, byte[] body) {
        return "v1," + SignatureText.BASE64.encode(mac(key, id, timestamp, body));
    }

    /** The {@code v1a,<base64>} entry a sender puts in {@code webhook-signature} for one private key. */
    public static String v1a(PrivateKey key, String id, long timestamp, byte[] body) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(key);
            signer.update(signedPrefix(id, timestamp).getBytes(StandardCharsets.UTF_8));
            signer.update(body);
            return "v1a," + SignatureText.BASE64.encode(signer.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** Whether {@code signature} (64 bytes) is the Ed25519 signature of the message under {@code key}. */
    public static boolean verifiesV1a(PublicKey key, String id, long timestamp, byte[] body, byte[] signature) {
        if (signature.length != ED25519_LENGTH) {
            return false;
        }
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(signedPrefix(id, timestamp).getBytes(StandardCharsets.UTF_8));
            verifier.update(body);
            return verifier.verify(signature);
        } catch (SignatureException notASignature) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 verification is not available", e);
        }
    }

    private static String signedPrefix(String id, long timestamp) {
        return id + "." + timestamp + ".";
    }
}
