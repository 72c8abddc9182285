package io.hookline.provider.generic;

import io.hookline.provider.common.Hmac;
import io.hookline.provider.common.JsonFields;
import io.hookline.provider.common.ReplayWindow;
import io.hookline.provider.common.SignatureText;
import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.Provider;
import io.hookline.spi.RejectionReason;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.Verification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Any sender that signs with an HMAC but has no plugin of its own; the scheme comes from the
 * source's settings ({@link HmacScheme}). Secrets are used as their UTF-8 bytes.
 */
public final class HmacProvider implements Provider {

    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,18}");

    @Override
    public String id() {
        return "hmac";
    }

    @Override
    public SourceVerifier bind(SourceSettings source) {
        source.requireKnownSettings(HmacScheme.SETTINGS);
        List<byte[]> keys = source.secrets().stream().map(secret -> secret.getBytes(StandardCharsets.UTF_8)).toList();
        return new HmacSource(HmacScheme.of(source), keys);
    }

    /** One source signed as its settings describe: the scheme and the secrets' bytes. */
    private record HmacSource(HmacScheme scheme, List<byte[]> keys) implements SourceVerifier {

        @Override
        public Verification verify(InboundRequest request, Instant now) {
            String header = request.header(scheme.signatureHeader()).orElse(null);
            if (header == null) {
                return Verification.rejected(RejectionReason.MISSING_SIGNATURE,
                        "header " + scheme.signatureHeader() + " is missing");
            }
            if (!header.startsWith(scheme.signaturePrefix())) {
                return Verification.rejected(RejectionReason.MALFORMED_SIGNATURE,
                        scheme.signatureHeader() + " must start with '" + scheme.signaturePrefix() + "'");
            }
            String timestamp = null;
            if (scheme.timestampHeader().isPresent()) {
                timestamp = request.header(scheme.timestampHeader().get()).orElse(null);
                if (timestamp == null) {
                    return Verification.rejected(RejectionReason.MISSING_SIGNATURE,
                            "header " + scheme.timestampHeader().get() + " is missing");
                }
                if (!SECONDS.matcher(timestamp).matches()) {
                    return Verification.rejected(RejectionReason.MALFORMED_SIGNATURE,
                            scheme.timestampHeader().get() + " must be Unix seconds");
                }
            }
            String id = scheme.idHeader().flatMap(request::header).orElse(null);
            if (scheme.signsId() && id == null) {
                return Verification.rejected(RejectionReason.MISSING_SIGNATURE,
                        "header " + scheme.idHeader().get() + " is missing");
            }
            String given = header.substring(scheme.signaturePrefix().length()).trim();
            String signedPrefix = scheme.signedPrefix(timestamp, id);
            boolean matched = false;
            for (byte[] key : keys) {
                byte[] expected = Hmac.compute(scheme.algorithm(), key, signedPrefix, request.body());
                matched |= scheme.encoding().matches(expected, given);
            }
            if (!matched) {
                return Verification.rejected(RejectionReason.NO_MATCHING_SIGNATURE,
                        scheme.signatureHeader() + " does not match with any configured secret");
            }
            ReplayWindow window = scheme.window();
            if (timestamp != null && !window.admits(Long.parseLong(timestamp), now)) {
                return Verification.rejected(RejectionReason.TIMESTAMP_OUTSIDE_WINDOW,
                        window.describeRejection(scheme.timestampHeader().get(), Long.parseLong(timestamp), now));
            }
            return Verification.verified();
        }

        @Override
        public EventIdentity identify(InboundRequest request) {
            Map<String, String> fields = scheme.jsonFields().isEmpty() ? Map.of()
                    : JsonFields.read(request.body(), scheme.jsonFields());
            String key = scheme.idHeader().flatMap(request::header)
                    .or(() -> scheme.idField().map(fields::get))
                    .orElse(null);
            if (key == null && (scheme.idHeader().isPresent() || scheme.idField().isPresent())) {
                throw new InvalidPayloadException("the event id ("
                        + scheme.idHeader().map(h -> "header " + h).orElseGet(() -> "field " + scheme.idField().get())
                        + ") is missing");
            }
            if (key == null) {
                key = "sha256:" + SignatureText.HEX.encode(sha256(request.body()));
            }
            String type = scheme.typeHeader().flatMap(request::header)
                    .or(() -> scheme.typeField().map(fields::get))
                    .orElse("webhook");
            return new EventIdentity(key, type, null);
        }

        /** With fields to read, identify reads the body with JsonFields, which refuses anything but one JSON object. */
        @Override
        public boolean identifyChecksJsonObject() {
            return !scheme.jsonFields().isEmpty();
        }

        @Override
        public Set<String> credentialHeaders() {
            return Set.of(scheme.signatureHeader());
        }
    }

    private static byte[] sha256(byte[] body) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
