package io.hookline.provider.github;

import io.hookline.provider.common.SignatureText;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.RejectionReason;
import io.hookline.spi.Verification;
import java.util.List;
import java.util.regex.Pattern;

/**
 * GitHub's "validating webhook deliveries": {@code X-Hub-Signature-256: sha256=<hex>} where hex
 * is the lowercase HMAC-SHA256 of the raw body keyed by the webhook secret. The legacy SHA-1
 * {@code X-Hub-Signature} is never accepted, alone or as a fallback.
 */
final class GitHubSignature {

    static final String HEADER_SHA256 = "X-Hub-Signature-256";
    static final String HEADER_SHA1 = "X-Hub-Signature";
    private static final String PREFIX = "sha256=";
    private static final Pattern WELL_FORMED = Pattern.compile("sha256=[0-9a-f]{64}");

    private GitHubSignature() {}

    static Verification verify(InboundRequest request, List<String> secrets) {
        String header = request.header(HEADER_SHA256).orElse(null);
        if (header == null) {
            String detail = request.header(HEADER_SHA1).isPresent()
                    ? "only " + HEADER_SHA256 + " is accepted; the request has just the SHA-1 " + HEADER_SHA1
                    : "header " + HEADER_SHA256 + " is missing";
            return Verification.rejected(RejectionReason.MISSING_SIGNATURE, detail);
        }
        String given = header.trim();
        if (!WELL_FORMED.matcher(given).matches()) {
            return Verification.rejected(RejectionReason.MALFORMED_SIGNATURE,
                    HEADER_SHA256 + " must be 'sha256=' followed by 64 lowercase hex digits");
        }
        if (SignatureText.HEX.secretThatSigned(secrets, "", request.body(), given.substring(PREFIX.length())) != null) {
            return Verification.verified();
        }
        return Verification.rejected(RejectionReason.NO_MATCHING_SIGNATURE,
                HEADER_SHA256 + " does not match the body with any configured secret");
    }
}
