package io.hookline.receiver.testing;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** A GitHub delivery as GitHub sends it: the body and the headers, signed with a test secret. */
public record GitHubDelivery(byte[] body, Map<String, String> headers) {

    public static GitHubDelivery of(String event, byte[] body, String secret) {
        return of(event, UUID.randomUUID().toString(), body, secret);
    }

    public static GitHubDelivery of(String event, String deliveryId, byte[] body, String secret) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "GitHub-Hookshot/044aadd");
        headers.put("X-GitHub-Event", event);
        headers.put("X-GitHub-Delivery", deliveryId);
        headers.put("X-GitHub-Hook-ID", "292430182");
        headers.put("X-Hub-Signature-256", signature(secret, body));
        return new GitHubDelivery(body, headers);
    }

    /**
     * The delivery as GitHub sends it to a hook whose content type is {@code application/x-www-form-urlencoded}:
     * the JSON URL-encoded in a {@code payload} form field, signed over the form's bytes as sent.
     */
    public static GitHubDelivery form(String event, byte[] json, String secret) {
        byte[] form = ("payload=" + URLEncoder.encode(new String(json, StandardCharsets.UTF_8), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.US_ASCII);
        GitHubDelivery delivery = of(event, form, secret);
        return delivery.withHeader("Content-Type", "application/x-www-form-urlencoded");
    }

    public GitHubDelivery withHeader(String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(headers);
        changed.put(name, value);
        return new GitHubDelivery(body, changed);
    }

    public String deliveryId() {
        return headers.get("X-GitHub-Delivery");
    }

    static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] payload(String file) {
        return Payloads.bytes("github/" + file);
    }
}
