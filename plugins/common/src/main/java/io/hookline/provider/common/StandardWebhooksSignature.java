package io.hookline.provider.common;

/**
 * The Standard Webhooks signature, in one place for the verifier and both senders: the
 * HMAC-SHA256 of {@code {webhook-id}.{webhook-timestamp}.{body}} under the secret's key, written
 * in {@code webhook-signature} as {@code v1,<base64>}.
 */
public final class StandardWebhooksSignature {

    private StandardWebhooksSignature() {}

    /** The MAC of a message, under one key. */
    public static byte[] mac(byte[] key, String id, long timestamp, byte[] body) {
        return Hmac.compute(Hmac.Algorithm.SHA256, key, id + "." + timestamp + ".", body);
    }

    /** The {@code v1,<base64>} entry a sender puts in {@code webhook-signature} for one key. */
    public static String v1(byte[] key, String id, long timestamp, byte[] body) {
        return "v1," + SignatureText.BASE64.encode(mac(key, id, timestamp, body));
    }
}
