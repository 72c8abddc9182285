package com.example.hookline;

import io.hookline.spi.CatchUp;
import io.hookline.spi.CatchUpSettings;
import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.Provider;
import io.hookline.spi.RejectionReason;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.Verification;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Provider {@code acme}, for a sender that signs {@code {timestamp}.{body}} with HMAC-SHA256 as
 * lower-case hex in {@code X-Acme-Signature}, puts the Unix time in {@code X-Acme-Timestamp} and the
 * event's id and type in {@code X-Acme-Event-Id} and {@code X-Acme-Event-Type}. Setting
 * {@code tolerance} (seconds, default 300) bounds the timestamp both ways.
 *
 * <p>A source with a {@code reconcile} block ({@code api-url}, {@code token}) catches up after
 * downtime through the Acme events API ({@link AcmeCatchUp}).
 */
public final class AcmeProvider implements Provider {

    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,18}");

    @Override
    public String id() {
        return "acme";
    }

    @Override
    public SourceVerifier bind(SourceSettings source) {
        source.requireKnownSettings(Set.of("tolerance"));
        Duration tolerance = source.durationSetting("tolerance", Duration.ofSeconds(300));
        List<byte[]> keys = source.secrets().stream().map(secret -> secret.getBytes(StandardCharsets.UTF_8)).toList();
        return new AcmeSource(keys, tolerance);
    }

    /** One Acme source: its keys and window, ready for every request. */
    private record AcmeSource(List<byte[]> keys, Duration tolerance) implements SourceVerifier {

        @Override
        public Verification verify(InboundRequest request, Instant now) {
            String signature = request.header("x-acme-signature").orElse(null);
            String timestamp = request.header("x-acme-timestamp").orElse(null);
            if (signature == null || timestamp == null) {
                return Verification.rejected(RejectionReason.MISSING_SIGNATURE,
                        "X-Acme-Signature and X-Acme-Timestamp are required");
            }
            if (!HEX.matcher(signature).matches() || !SECONDS.matcher(timestamp).matches()) {
                return Verification.rejected(RejectionReason.MALFORMED_SIGNATURE,
                        "X-Acme-Signature must be 64 lower-case hex digits, X-Acme-Timestamp Unix seconds");
            }
            byte[] given = HexFormat.of().parseHex(signature);
            boolean matched = false;
            for (byte[] key : keys) {
                matched |= MessageDigest.isEqual(hmac(key, timestamp + ".", request.body()), given);
            }
            if (!matched) {
                return Verification.rejected(RejectionReason.NO_MATCHING_SIGNATURE,
                        "X-Acme-Signature does not match the body with any configured secret");
            }
            long skew = Math.abs(now.getEpochSecond() - Long.parseLong(timestamp));
            if (skew > tolerance.toSeconds()) {
                return Verification.rejected(RejectionReason.TIMESTAMP_OUTSIDE_WINDOW,
                        "X-Acme-Timestamp is " + skew + " s away; this source accepts " + tolerance.toSeconds() + " s");
            }
            return Verification.verified();
        }

        @Override
        public EventIdentity identify(InboundRequest request) {
            String id = request.header("x-acme-event-id").orElseThrow(
                    () -> new InvalidPayloadException("header X-Acme-Event-Id is missing"));
            return new EventIdentity(id, request.header("x-acme-event-type").orElse("acme.event"), null);
        }

        @Override
        public Set<String> credentialHeaders() {
            return Set.of("x-acme-signature");
        }

        /** Settings are checked here, at start; the API is called only when a run starts. */
        @Override
        public Optional<CatchUp> catchUp(CatchUpSettings settings) {
            settings.requireKnownSettings(Set.of("api-url", "token"));
            return Optional.of(new AcmeCatchUp(settings.urlSetting("api-url", "https://api.acme.example/"),
                    settings.required("token")));
        }
    }

    private static byte[] hmac(byte[] key, String prefix, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(prefix.getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
