package io.hookline.loadgen;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub deliveries as raw HTTP/1.1 requests. GitHub signs the body only, so the signature is
 * computed once; each request differs only in its {@code X-GitHub-Delivery}.
 */
final class SignedRequests {

    private final byte[] head;
    private final byte[] tail;

    SignedRequests(LoadSettings settings) {
        String path = settings.url().getRawPath();
        String host = settings.url().getHost() + (settings.url().getPort() > 0 ? ":" + settings.url().getPort() : "");
        head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + "User-Agent: GitHub-Hookshot/hookline-loadgen\r\nX-GitHub-Event: " + settings.event() + "\r\n"
                + "X-Hub-Signature-256: sha256=" + sign(settings.secret(), settings.body()) + "\r\n"
                + "Content-Length: " + settings.body().length + "\r\nX-GitHub-Delivery: ")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        tail = new byte[end.length + settings.body().length];
        System.arraycopy(end, 0, tail, 0, end.length);
        System.arraycopy(settings.body(), 0, tail, end.length, settings.body().length);
    }

    /** The request for one delivery id: head, id, tail. */
    byte[] head() {
        return head;
    }

    byte[] tail() {
        return tail;
    }

    static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
