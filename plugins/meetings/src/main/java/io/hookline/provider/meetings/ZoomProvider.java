package io.hookline.provider.meetings;

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
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Zoom webhooks: {@code x-zm-signature: v0=<hex>} where hex is HMAC-SHA256 of
 * {@code v0:{x-zm-request-timestamp}:{raw body}} keyed by the app's Secret Token.
 *
 * <p>{@code endpoint.url_validation} is answered here, with {@code plainToken} and its HMAC under
 * the secret that verified the request, and only after the signature verified: an unsigned or
 * forged validation request gets 401, so the endpoint is never a signing oracle. It is not stored.
 *
 * <p>Zoom has no event id: the key is {@code event:event_ts:payload.object.uuid} (or
 * {@code .id}). Zoom documents no replay window, so {@code tolerance} is off unless set.
 */
public final class ZoomProvider implements Provider {

    static final String SIGNATURE = "x-zm-signature";
    static final String TIMESTAMP = "x-zm-request-timestamp";
    static final String URL_VALIDATION = "endpoint.url_validation";
    private static final Pattern WELL_FORMED = Pattern.compile("v0=[0-9a-f]{64}");
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,18}");
    private static final Pattern PLAIN_TOKEN = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final List<String> VALIDATION_FIELDS = List.of("event", "payload.plainToken");
    private static final List<String> IDENTITY_FIELDS =
            List.of("event", "event_ts", "payload.object.uuid", "payload.object.id");

    @Override
    public String id() {
        return "zoom";
    }

    @Override
    public SourceVerifier bind(SourceSettings source) {
        source.requireKnownSettings(Set.of("tolerance"));
        return new ZoomSource(source.secrets(), ReplayWindow.of(source, Duration.ZERO));
    }

    /** One Zoom app: its secret tokens and replay window. */
    private record ZoomSource(List<String> secrets, ReplayWindow window) implements SourceVerifier {

        @Override
        public Verification verify(InboundRequest request, Instant now) {
            String signature = request.header(SIGNATURE).orElse(null);
            String timestamp = request.header(TIMESTAMP).orElse(null);
            if (signature == null || timestamp == null) {
                return Verification.rejected(RejectionReason.MISSING_SIGNATURE,
                        "header " + (signature == null ? SIGNATURE : TIMESTAMP) + " is missing");
            }
            if (!WELL_FORMED.matcher(signature).matches() || !SECONDS.matcher(timestamp).matches()) {
                return Verification.rejected(RejectionReason.MALFORMED_SIGNATURE, SIGNATURE
                        + " must be 'v0=' and 64 lowercase hex digits, " + TIMESTAMP + " Unix seconds");
            }
            String secret = SignatureText.HEX.secretThatSigned(secrets, "v0:" + timestamp + ":", request.body(),
                    signature.substring(3));
            if (secret == null) {
                return Verification.rejected(RejectionReason.NO_MATCHING_SIGNATURE,
                        SIGNATURE + " does not match the body with any configured secret token");
            }
            long seconds = Long.parseLong(timestamp);
            if (!window.admits(seconds, now)) {
                return Verification.rejected(RejectionReason.TIMESTAMP_OUTSIDE_WINDOW,
                        window.describeRejection(TIMESTAMP, seconds, now));
            }
            Map<String, String> fields = JsonFields.read(request.body(), VALIDATION_FIELDS);
            if (URL_VALIDATION.equals(fields.get("event"))) {
                return urlValidation(fields.get("payload.plainToken"), secret);
            }
            return Verification.verified();
        }

        @Override
        public EventIdentity identify(InboundRequest request) {
            Map<String, String> fields = JsonFields.read(request.body(), IDENTITY_FIELDS);
            String event = fields.get("event");
            String eventTs = fields.get("event_ts");
            if (event == null || eventTs == null) {
                throw new InvalidPayloadException("a Zoom event needs 'event' and 'event_ts'; this body has "
                        + (event == null ? "no event" : "no event_ts"));
            }
            String object = fields.getOrDefault("payload.object.uuid", fields.getOrDefault("payload.object.id", ""));
            Instant occurredAt;
            try {
                occurredAt = Instant.ofEpochMilli(Long.parseLong(eventTs));
            } catch (NumberFormatException e) {
                throw new InvalidPayloadException("Zoom 'event_ts' must be Unix milliseconds, not '" + eventTs + "'");
            }
            return new EventIdentity(event + ":" + eventTs + ":" + object, event, occurredAt);
        }

        /** Identify reads the body with JsonFields, which refuses anything but one JSON object. */
        @Override
        public boolean identifyChecksJsonObject() {
            return true;
        }

        @Override
        public Set<String> credentialHeaders() {
            return Set.of(SIGNATURE);
        }
    }

    private static Verification urlValidation(String plainToken, String secret) {
        if (plainToken == null || !PLAIN_TOKEN.matcher(plainToken).matches()) {
            throw new InvalidPayloadException(
                    "endpoint.url_validation needs payload.plainToken of 1 to 128 letters, digits, '-' or '_'");
        }
        String encrypted = SignatureText.HEX.encode(
                Hmac.sha256(secret, plainToken.getBytes(StandardCharsets.UTF_8)));
        String body = "{\"plainToken\":\"" + plainToken + "\",\"encryptedToken\":\"" + encrypted + "\"}";
        return new Verification.Handshake(200, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }
}
