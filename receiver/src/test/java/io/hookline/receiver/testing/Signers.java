package io.hookline.receiver.testing;

import io.hookline.provider.common.Hmac;
import io.hookline.provider.common.SignatureText;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Signs a body as each provider does, producing the headers it would send. */
public final class Signers {

    public static final String STRIPE_SECRET = "whsec_test_stripe_secret";
    public static final String ZOOM_SECRET = "zoom-secret-token";
    static final String FIREFLIES_SECRET = "fireflies-secret-0123";
    public static final String OTTER_TOKEN = "otter-shared-token";
    public static final String STANDARD_SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "standard-webhooks-test-key-32byt".getBytes(StandardCharsets.US_ASCII));
    static final String ACME_SECRET = "acme-secret";

    /** The sources these signers sign for, as receiver configuration. */
    public static Map<String, Object> sources() {
        Map<String, Object> properties = new LinkedHashMap<>();
        source(properties, "st", "stripe", STRIPE_SECRET);
        source(properties, "zm", "zoom", ZOOM_SECRET);
        source(properties, "ff", "fireflies", FIREFLIES_SECRET);
        source(properties, "ot", "otter", OTTER_TOKEN);
        source(properties, "sw", "standard-webhooks", STANDARD_SECRET);
        source(properties, "ac", "hmac", ACME_SECRET);
        properties.put("hookline.sources.ac.settings.signature-header", "X-Acme-Signature");
        properties.put("hookline.sources.ac.settings.signature-prefix", "sha256=");
        properties.put("hookline.sources.ac.settings.id-header", "X-Acme-Id");
        return properties;
    }

    private static void source(Map<String, Object> properties, String name, String provider, String secret) {
        properties.put("hookline.sources." + name + ".provider", provider);
        String old = "whsec_" + Base64.getEncoder().encodeToString(("old-" + name).getBytes(StandardCharsets.US_ASCII));
        properties.put("hookline.sources." + name + ".secrets", java.util.List.of(old, secret));
    }

    public static Map<String, String> stripe(byte[] body, long timestamp) {
        String v1 = SignatureText.HEX.encode(Hmac.sha256(STRIPE_SECRET, timestamp + ".", body));
        return Map.of("Content-Type", "application/json", "Stripe-Signature", "t=" + timestamp + ",v1=" + v1 + ",v0=" + v1);
    }

    public static Map<String, String> zoom(byte[] body, long timestamp) {
        String v0 = SignatureText.HEX.encode(Hmac.sha256(ZOOM_SECRET, "v0:" + timestamp + ":", body));
        return Map.of("Content-Type", "application/json; charset=utf-8", "x-zm-request-timestamp", String.valueOf(timestamp),
                "x-zm-signature", "v0=" + v0, "User-Agent", "Zoom Marketplace/1.0a");
    }

    public static Map<String, String> fireflies(byte[] body) {
        return Map.of("Content-Type", "application/json", "User-Agent", "Fireflies-Webhook/1.0",
                "X-Hub-Signature", "sha256=" + SignatureText.HEX.encode(Hmac.sha256(FIREFLIES_SECRET, body)));
    }

    public static Map<String, String> standardWebhooks(byte[] body, String id, long timestamp) {
        byte[] key = Base64.getDecoder().decode(STANDARD_SECRET.substring("whsec_".length()));
        String v1 = SignatureText.BASE64.encode(Hmac.compute(Hmac.Algorithm.SHA256, key, id + "." + timestamp + ".", body));
        return Map.of("Content-Type", "application/json", "Webhook-Id", id, "Webhook-Timestamp", String.valueOf(timestamp),
                "Webhook-Signature", "v1a,AAAA v1," + v1);
    }

    public static Map<String, String> acme(byte[] body, String id) {
        return Map.of("Content-Type", "application/json", "X-Acme-Id", id,
                "X-Acme-Signature", "sha256=" + SignatureText.HEX.encode(Hmac.sha256(ACME_SECRET, body)));
    }

    private Signers() {}
}
