package io.hookline.provider.stripe;

import io.hookline.provider.common.Hmac;
import io.hookline.provider.common.ReplayWindow;
import io.hookline.provider.common.SignatureText;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.RejectionReason;
import io.hookline.spi.Verification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Stripe's "verify webhook signatures", as stripe-java's {@code Webhook.Signature.verifyHeader}
 * does it: {@code Stripe-Signature: t=<unix seconds>,v1=<hex>[,v1=<hex>…][,v0=<hex>]} is split on
 * {@code ,} then on the first {@code =}; the first {@code t} wins; every {@code v1} is a
 * candidate and any one that equals HMAC-SHA256(secret, "{t}.{raw body}") passes, which is how
 * a rolled secret keeps working. {@code v0} and unknown schemes are ignored, never accepted alone.
 * The key is the whole {@code whsec_…} string as UTF-8, not base64-decoded.
 */
final class StripeSignature {

    static final String HEADER = "Stripe-Signature";
    private static final String SCHEME = "v1";
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,18}");

    private StripeSignature() {}

    static Verification verify(InboundRequest request, List<String> secrets, ReplayWindow window, Instant now) {
        String header = request.header(HEADER).orElse(null);
        if (header == null) {
            return Verification.rejected(RejectionReason.MISSING_SIGNATURE, "header " + HEADER + " is missing");
        }
        long timestamp = timestamp(header);
        if (timestamp <= 0) {
            return Verification.rejected(RejectionReason.MALFORMED_SIGNATURE,
                    HEADER + " has no valid t=<unix seconds> item");
        }
        List<String> signatures = signatures(header);
        if (signatures.isEmpty()) {
            return Verification.rejected(RejectionReason.MALFORMED_SIGNATURE,
                    HEADER + " has no v1 signature (v0 and other schemes are ignored)");
        }
        if (!anyMatches(secrets, timestamp + ".", request.body(), signatures)) {
            return Verification.rejected(RejectionReason.NO_MATCHING_SIGNATURE,
                    HEADER + " has no v1 signature that matches the body with any configured secret");
        }
        if (!window.admits(timestamp, now)) {
            return Verification.rejected(RejectionReason.TIMESTAMP_OUTSIDE_WINDOW,
                    window.describeRejection(HEADER + " t", timestamp, now));
        }
        return Verification.verified();
    }

    private static boolean anyMatches(List<String> secrets, String signedPrefix, byte[] body, List<String> signatures) {
        for (String secret : secrets) {
            byte[] expected = Hmac.sha256(secret, signedPrefix, body);
            for (String signature : signatures) {
                if (SignatureText.HEX.matches(expected, signature)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static long timestamp(String header) {
        for (String item : header.split(",")) {
            String[] parts = item.split("=", 2);
            if (parts[0].equals("t")) {
                if (parts.length < 2 || !SECONDS.matcher(parts[1]).matches()) {
                    return -1;
                }
                return Long.parseLong(parts[1]);
            }
        }
        return -1;
    }

    private static List<String> signatures(String header) {
        List<String> signatures = new ArrayList<>();
        for (String item : header.split(",")) {
            String[] parts = item.split("=", 2);
            if (parts[0].equals(SCHEME) && parts.length == 2) {
                signatures.add(parts[1]);
            }
        }
        return signatures;
    }
}
