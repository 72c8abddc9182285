package io.hookline.provider.github;

import io.hookline.spi.InboundRequest;
import io.hookline.spi.RejectionReason;
import io.hookline.spi.Verification;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * GitHub's "validating webhook deliveries": {@code X-Hub-Signature-256: sha256=<hex>} where hex
 * is the lowercase HMAC-SHA256 of the raw body keyed by the webhook secret. The legacy SHA-1
 * {@code X-Hub-Signature} is never accepted, alone or as a fallback.
 */
final class GitHubSignature {

    static final String HEADER_SHA256 = "X-Hub-Signature-256";
    static final String HEADER_SHA1 = "X-Hub-Signature";
    private static final String PREFIX = "sha256=";
    private static final int HEX_LENGTH = 64;

    private GitHubSignature() {}

    static Verification verify(InboundRequest request, List<String> secrets) {
        String header = request.header(HEADER_SHA256).orElse(null);
        if (header == null) {
            String detail = request.header(HEADER_SHA1).isPresent()
                    ? "only " + HEADER_SHA256 + " is accepted; the request has just the SHA-1 " + HEADER_SHA1
                    : "header " + HEADER_SHA256 + " is missing";
            return Verification.rejected(RejectionReason.MISSING_SIGNATURE, detail);
        }
        byte[] given = parse(header.trim());
        if (given == null) {
            return Verification.rejected(RejectionReason.MALFORMED_SIGNATURE,
                    HEADER_SHA256 + " must be 'sha256=' followed by 64 hex digits");
        }
        for (String secret : secrets) {
            if (MessageDigest.isEqual(hmacSha256(secret, request.body()), given)) {
                return Verification.verified();
            }
        }
        return Verification.rejected(RejectionReason.NO_MATCHING_SIGNATURE,
                HEADER_SHA256 + " does not match the body with any configured secret");
    }

    static byte[] hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
        }
    }

    private static byte[] parse(String header) {
        if (!header.startsWith(PREFIX) || header.length() != PREFIX.length() + HEX_LENGTH) {
            return null;
        }
        try {
            return HexFormat.of().parseHex(header, PREFIX.length(), header.length());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
