package io.hookline.provider.meetings;

import io.hookline.provider.common.JsonFields;
import io.hookline.provider.common.SignatureText;
import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.InvalidPayloadException;
import io.hookline.spi.Provider;
import io.hookline.spi.RejectionReason;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.Verification;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Fireflies.ai webhooks, V1 and V2: {@code x-hub-signature} is the HMAC-SHA256 of the raw body
 * keyed by the webhook secret, as lowercase hex, bare or with a {@code sha256=} prefix (the docs
 * leave the form open, so both are accepted). Fireflies signs no timestamp, so there is no replay
 * window. V2 bodies ({@code event}, {@code meeting_id}, {@code timestamp}) are keyed
 * {@code event:meeting_id}; V1 bodies ({@code eventType}, {@code meetingId}) are keyed
 * {@code eventType:meetingId} and typed in snake case ({@code Transcription completed} is
 * {@code transcription_completed}).
 */
public final class FirefliesProvider implements Provider {

    static final String SIGNATURE = "x-hub-signature";
    private static final Pattern WELL_FORMED = Pattern.compile("(sha256=)?[0-9a-f]{64}");
    private static final List<String> FIELDS = List.of("event", "meeting_id", "timestamp", "eventType", "meetingId");
    private static final Pattern NOT_A_NAME = Pattern.compile("[^a-z0-9.]+");

    @Override
    public String id() {
        return "fireflies";
    }

    @Override
    public SourceVerifier bind(SourceSettings source) {
        source.requireKnownSettings(Set.of());
        return new FirefliesSource(source.secrets());
    }

    /** One Fireflies webhook: its secrets. */
    private record FirefliesSource(List<String> secrets) implements SourceVerifier {

        @Override
        public Verification verify(InboundRequest request, Instant now) {
            String header = request.header(SIGNATURE).orElse(null);
            if (header == null) {
                return Verification.rejected(RejectionReason.MISSING_SIGNATURE, "header " + SIGNATURE + " is missing");
            }
            String given = header.trim();
            if (!WELL_FORMED.matcher(given).matches()) {
                return Verification.rejected(RejectionReason.MALFORMED_SIGNATURE,
                        SIGNATURE + " must be 64 lowercase hex digits, optionally after 'sha256='");
            }
            String hex = given.startsWith("sha256=") ? given.substring(7) : given;
            if (SignatureText.HEX.secretThatSigned(secrets, "", request.body(), hex) != null) {
                return Verification.verified();
            }
            return Verification.rejected(RejectionReason.NO_MATCHING_SIGNATURE,
                    SIGNATURE + " does not match the body with any configured secret");
        }

        @Override
        public EventIdentity identify(InboundRequest request) {
            Map<String, String> fields = JsonFields.read(request.body(), FIELDS);
            if (fields.containsKey("event")) {
                String meeting = fields.get("meeting_id");
                if (meeting == null) {
                    throw new InvalidPayloadException("a Fireflies V2 event needs 'meeting_id'");
                }
                String event = fields.get("event");
                return new EventIdentity(event + ":" + meeting, event, millis(fields.get("timestamp")));
            }
            String eventType = fields.get("eventType");
            String meeting = fields.get("meetingId");
            if (eventType == null || meeting == null) {
                throw new InvalidPayloadException(
                        "a Fireflies event needs 'event' and 'meeting_id' (V2) or 'eventType' and 'meetingId' (V1)");
            }
            String type = NOT_A_NAME.matcher(eventType.trim().toLowerCase(Locale.ROOT)).replaceAll("_");
            return new EventIdentity(eventType + ":" + meeting, type, null);
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

    private static Instant millis(String value) {
        try {
            return value == null ? null : Instant.ofEpochMilli(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
