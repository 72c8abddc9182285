package io.hookline.provider.generic;

import io.hookline.provider.common.JsonFields;
import io.hookline.provider.common.ReplayWindow;
import io.hookline.provider.common.SignatureText;
import io.hookline.provider.common.StandardWebhooksKey;
import io.hookline.provider.common.StandardWebhooksSignature;
import io.hookline.spi.EventIdentity;
import io.hookline.spi.InboundRequest;
import io.hookline.spi.Provider;
import io.hookline.spi.RejectionReason;
import io.hookline.spi.SourceSettings;
import io.hookline.spi.SourceVerifier;
import io.hookline.spi.Verification;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Standard Webhooks (Svix and others). Headers {@code webhook-id}, {@code webhook-timestamp},
 * {@code webhook-signature}, or the Svix-branded {@code svix-*} ones. The signature header is a
 * space-separated list of {@code v1,<base64>}; any one equal to HMAC-SHA256 of
 * {@code {id}.{timestamp}.{raw body}}, keyed by the base64-decoded secret after {@code whsec_},
 * passes. Other versions ({@code v1a} asymmetric, unknown ones) are skipped, as the official
 * libraries skip them; a header with {@code v1a} entries and no {@code v1} one lacks the signature
 * this source verifies (a missing signature, which the refusal diagnosis explains). The timestamp
 * must be within {@code tolerance} (default 300 s) either way. Keyed on the message id; typed by the
 * body's {@code type}.
 */
public final class StandardWebhooksProvider implements Provider {

    static final Duration DEFAULT_TOLERANCE = Duration.ofSeconds(300);
    private static final Pattern SECONDS = Pattern.compile("[0-9]{1,18}");
    private static final List<String> FIELDS = List.of("type", "timestamp");

    @Override
    public String id() {
        return "standard-webhooks";
    }

    @Override
    public SourceVerifier bind(SourceSettings source) {
        source.requireKnownSettings(Set.of("tolerance"));
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < source.secrets().size(); i++) {
            try {
                keys.add(StandardWebhooksKey.decode(source.secrets().get(i)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("hookline.sources." + source.name() + ".secrets[" + i
                        + "]: a Standard Webhooks secret is 'whsec_' followed by base64");
            }
        }
        return new StandardWebhooksSource(List.copyOf(keys), ReplayWindow.of(source, DEFAULT_TOLERANCE));
    }

    /** One Standard Webhooks endpoint: its decoded keys and replay window. */
    private record StandardWebhooksSource(List<byte[]> keys, ReplayWindow window) implements SourceVerifier {

        @Override
        public Verification verify(InboundRequest request, Instant now) {
            Headers headers = Headers.of(request);
            if (headers.missing() != null) {
                return Verification.rejected(RejectionReason.MISSING_SIGNATURE, "header " + headers.missing() + " is missing");
            }
            if (!SECONDS.matcher(headers.timestamp()).matches()) {
                return Verification.rejected(RejectionReason.MALFORMED_SIGNATURE,
                        headers.prefix() + "timestamp must be Unix seconds");
            }
            long timestamp = Long.parseLong(headers.timestamp());
            List<String> signatures = v1Signatures(headers.signature());
            if (signatures.isEmpty() && onlyAsymmetric(headers.signature())) {
                return Verification.rejected(RejectionReason.MISSING_SIGNATURE,
                        headers.prefix() + "signature has only v1a entries; this source verifies 'v1,<base64>'");
            }
            if (signatures.isEmpty()) {
                return Verification.rejected(RejectionReason.MALFORMED_SIGNATURE,
                        headers.prefix() + "signature has no 'v1,<base64>' entry");
            }
            boolean matched = false;
            for (byte[] key : keys) {
                byte[] expected = StandardWebhooksSignature.mac(key, headers.id(), timestamp, request.body());
                for (String signature : signatures) {
                    matched |= SignatureText.BASE64.matches(expected, signature);
                }
            }
            if (!matched) {
                return Verification.rejected(RejectionReason.NO_MATCHING_SIGNATURE,
                        headers.prefix() + "signature has no v1 entry that matches with any configured secret");
            }
            if (!window.admits(timestamp, now)) {
                return Verification.rejected(RejectionReason.TIMESTAMP_OUTSIDE_WINDOW,
                        window.describeRejection(headers.prefix() + "timestamp", timestamp, now));
            }
            return Verification.verified();
        }

        @Override
        public EventIdentity identify(InboundRequest request) {
            Headers headers = Headers.of(request);
            Map<String, String> fields = JsonFields.read(request.body(), FIELDS);
            Instant occurredAt = parseInstant(fields.get("timestamp"));
            if (occurredAt == null && headers.timestamp() != null && SECONDS.matcher(headers.timestamp()).matches()) {
                occurredAt = Instant.ofEpochSecond(Long.parseLong(headers.timestamp()));
            }
            return new EventIdentity(headers.id(), fields.getOrDefault("type", "message"), occurredAt);
        }

        @Override
        public Set<String> credentialHeaders() {
            return Set.of("webhook-signature", "svix-signature");
        }

        /** Only asymmetric {@code v1a} signatures (ed25519), which this source does not verify. */
        @Override
        public Optional<String> unsupportedScheme(InboundRequest request) {
            String signature = Headers.of(request).signature();
            if (signature != null && onlyAsymmetric(signature)) {
                return Optional.of("only asymmetric v1a signatures were sent; Hookline verifies the symmetric v1 scheme");
            }
            return Optional.empty();
        }
    }

    /** Whether the signature header has {@code v1a} entries and no {@code v1} one. */
    private static boolean onlyAsymmetric(String header) {
        boolean asymmetric = false;
        for (String entry : header.split(" ")) {
            asymmetric |= entry.startsWith("v1a,");
            if (entry.startsWith("v1,")) {
                return false;
            }
        }
        return asymmetric;
    }

    /** The {@code v1} entries of a signature header, as the official libraries pick them. */
    private static List<String> v1Signatures(String header) {
        List<String> signatures = new ArrayList<>();
        for (String entry : header.split(" ")) {
            String[] parts = entry.split(",");
            if (parts.length >= 2 && parts[0].equals("v1")) {
                signatures.add(parts[1]);
            }
        }
        return signatures;
    }

    private static Instant parseInstant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The three headers, unbranded ({@code webhook-*}) when the id is, else Svix's ({@code svix-*}). */
    private record Headers(String prefix, String id, String timestamp, String signature) {

        static Headers of(InboundRequest request) {
            String prefix = request.header("webhook-id").isPresent() || request.header("svix-id").isEmpty()
                    ? "webhook-" : "svix-";
            return new Headers(prefix, request.header(prefix + "id").orElse(null),
                    request.header(prefix + "timestamp").orElse(null), request.header(prefix + "signature").orElse(null));
        }

        String missing() {
            return id == null ? prefix + "id" : timestamp == null ? prefix + "timestamp"
                    : signature == null ? prefix + "signature" : null;
        }
    }
}
